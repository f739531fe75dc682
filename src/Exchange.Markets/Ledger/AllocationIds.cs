using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Exchange.Markets;

/// <summary>Allocation ids name their market and their place in its chain: <c>{marketId}.a{sequence}</c>.</summary>
public static class AllocationIds
{
    public static string Format(string marketId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{marketId}.a{sequence}");

    /// <summary>Splits an allocation id into its market and chain sequence; false for anything that is not one.</summary>
    public static bool TryParse(string? allocationId, [NotNullWhen(true)] out string? marketId, out long sequence)
    {
        marketId = null;
        sequence = 0;
        var separator = allocationId?.LastIndexOf(".a", StringComparison.Ordinal) ?? -1;
        if (allocationId is null || separator <= 0
            || !long.TryParse(allocationId.AsSpan(separator + 2), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            || sequence <= 0
            || !MarketId.TryParse(allocationId[..separator], out _))
        {
            return false;
        }

        marketId = allocationId[..separator];
        return true;
    }
}
