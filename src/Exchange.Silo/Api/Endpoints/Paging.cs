using System.Globalization;
using Exchange.Markets;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters every list takes.</summary>
public static class Paging
{
    /// <summary>The page size asked for (the default when none), or the problem with it.</summary>
    public static (int Size, IResult? Problem) Limit(string? raw, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (raw is null)
        {
            return (options.DefaultPageSize, null);
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 && size <= options.MaxPageSize
            ? (size, null)
            : (0, Problem.Invalid("limit", $"Must be a whole number from 1 to {options.MaxPageSize}."));
    }

    /// <summary>A time a cursor carries as UTC ticks; false for anything that is not one.</summary>
    public static bool TryCursorTime(string ticks, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < DateTimeOffset.MinValue.UtcTicks || value > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(value, TimeSpan.Zero);
        return true;
    }

    /// <summary>An optional id from the query (1 to 128 printable characters, given once), or null; <paramref name="bad"/> names a bad one.</summary>
    public static string? Id(IQueryCollection query, string name, out IResult? bad)
    {
        ArgumentNullException.ThrowIfNull(query);
        bad = null;
        var values = query[name];
        string? value = values;
        if (value is not null && (values.Count > 1 || value.Length is 0 or > 128 || !Ids.Printable().IsMatch(value)))
        {
            bad = Problem.Invalid(name, "Must be 1 to 128 printable characters, given once.");
        }

        return value;
    }

    public static IResult BadCursor() => Problem.Invalid("cursor", "Is not a cursor this list returned.");

    /// <summary>An optional ISO 8601 time from the query, or the problem with it.</summary>
    public static (DateTimeOffset? Time, IResult? Problem) Time(string name, string? raw)
    {
        if (raw is null)
        {
            return (null, null);
        }

        return raw.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? (time.ToUniversalTime(), null)
            : (null, Problem.Invalid(name, "Must be an ISO 8601 timestamp such as 2026-11-28T14:00:00Z."));
    }

    /// <summary>The problem with an optional <c>marketId</c> from the query, or null when it is absent or names a market.</summary>
    public static IResult? BadMarketId(string? raw) =>
        raw is not null && (raw.Length > 128 || !Exchange.Markets.MarketId.TryParse(raw, out _))
            ? Problem.Invalid("marketId", "Is not a market id.")
            : null;
}
