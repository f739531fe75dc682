using System.Globalization;

namespace Exchange.Benchmarks.Workloads;

/// <summary>One trade of the reference matcher, at the maker's price.</summary>
public readonly record struct ReferenceTrade(long MakerId, long TakerId, long Price, long Quantity)
{
    /// <summary>The line of a trades file: <c>makerId,takerId,price,qty</c>, the format the engine's <c>--trades</c> writes too.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"{MakerId},{TakerId},{Price},{Quantity}");
}
