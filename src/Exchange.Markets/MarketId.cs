using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Exchange.Markets;

/// <summary>A market's identity: one model for one delivery period, written <c>model.yyyyMMddTHHmm</c> (period start, UTC).</summary>
public readonly record struct MarketId(string Model, DateTimeOffset PeriodStart)
{
    private const string Format = "yyyyMMdd'T'HHmm";

    public override string ToString() => $"{Model}.{PeriodStart.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture)}";

    /// <summary>Parses a market id; false for anything that is not one.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out MarketId? marketId)
    {
        marketId = null;
        var dot = value?.LastIndexOf('.') ?? -1;
        if (value is null || dot <= 0)
        {
            return false;
        }

        if (!DateTime.TryParseExact(value.AsSpan(dot + 1), Format, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            return false;
        }

        marketId = new MarketId(value[..dot], new DateTimeOffset(start, TimeSpan.Zero));
        return true;
    }
}
