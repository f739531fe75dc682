using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Markets;
using Exchange.Storage.Ledger;

namespace Exchange.Silo.Api.Responses;

/// <summary>How the API writes the exchange's values: prices and money as decimal strings, enums in the contract's spelling.</summary>
public static class ApiFormat
{
    /// <summary>A price in micro-dollars per million tokens as a USD string with 2 to 6 decimals ("0.42").</summary>
    public static string Price(long micros) => Usd(micros / (decimal)Money.MicrosPerDollar);

    /// <summary>A USD amount with at least two decimals and no trailing zeros beyond them.</summary>
    public static string Usd(decimal amount)
    {
        var text = Money.Normalize(amount).ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        return point < 0 ? text + ".00" : text.Length - point - 1 == 1 ? text + "0" : text;
    }

    /// <summary>A USD price string (already validated to at most 6 decimals) in micro-dollars.</summary>
    public static long PriceMicros(decimal usd) => (long)(usd * Money.MicrosPerDollar);

    public static string Side(OrderSide side) => side == OrderSide.Buy ? "buy" : "sell";

    public static string Kind(OrderKind kind) => kind == OrderKind.Limit ? "limit" : "market";

    public static string TimeInForce(OrderTimeInForce tif) => tif.ToString().ToUpperInvariant();

    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.Open => "open",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Filled => "filled",
        OrderStatus.Cancelled => "cancelled",
        _ => "expired",
    };

    public static string TenantKind(TenantKind kind) => kind.ToString().ToLowerInvariant();

    public static string TenantStatus(TenantStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The names the API reads for an enum's values: the very names it writes, so reading and writing cannot drift apart.</summary>
    public static IReadOnlyDictionary<string, T> Names<T>(Func<T, string> name, params T[] except)
        where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => !except.Contains(v)).ToDictionary(name, v => v, StringComparer.Ordinal);

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>An opaque page cursor: the position's parts, joined and URL-safe encoded.</summary>
    public static string Cursor(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

    /// <summary>The parts of a cursor this API wrote, or null for anything else.</summary>
    public static string[]? CursorParts(string cursor, int count)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('\n');
            return parts.Length == count ? parts : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
