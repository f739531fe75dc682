using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Exchange.Markets;

/// <summary>Order ids name their market and the journal sequence that placed them: <c>{marketId}.{sequence}</c>.</summary>
public static class OrderIds
{
    public static string Format(string marketId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{marketId}.{sequence}");

    /// <summary>Splits an order id into its market and sequence; false for anything that is not an order id.</summary>
    public static bool TryParse(string? orderId, [NotNullWhen(true)] out string? marketId, out long sequence)
    {
        marketId = null;
        sequence = 0;
        var dot = orderId?.LastIndexOf('.') ?? -1;
        if (orderId is null || dot <= 0
            || !long.TryParse(orderId.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            || sequence <= 0
            || !MarketId.TryParse(orderId[..dot], out _))
        {
            return false;
        }

        marketId = orderId[..dot];
        return true;
    }
}
