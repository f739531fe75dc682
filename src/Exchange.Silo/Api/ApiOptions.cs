using Exchange.Grains;

namespace Exchange.Silo.Api;

/// <summary>HTTP API limits and access, bound from the <c>Api</c> section (and <c>Exchange:BootstrapKey</c>).</summary>
public sealed class ApiOptions : IValidatedOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Api";

    /// <summary>Request bodies larger than this are refused with 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A readings batch's limit instead: 1,000 readings of about 250 bytes each, with room to spare.</summary>
    public int MaxReadingsBodyBytes { get; set; } = 512 * 1024;

    /// <summary>How long a silo trusts a key it looked up before it reads it again (revocation takes effect within this on other silos).</summary>
    public int KeyCacheSeconds { get; set; } = 5;

    /// <summary>How many key ids, known or unknown, a silo remembers at most; a full cache is emptied and refilled.</summary>
    public int MaxCachedKeys { get; set; } = 100_000;

    /// <summary>Page size when a list request names none.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The largest page a list request may ask for.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Live market-data streams one API key may hold open on one silo at once; one more is refused with 429.</summary>
    public int MaxStreamsPerKey { get; set; } = 4;

    /// <summary>Live market-data streams one silo serves at once, all keys together; one more is refused with 429.</summary>
    public int MaxStreamsPerSilo { get; set; } = 2_000;

    /// <summary>Events a live market-data client may fall behind by before it is dropped to a resync.</summary>
    public int StreamBufferEvents { get; set; } = 256;

    /// <summary>Every problem with these options, each naming its setting; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxRequestBodyBytes < 1 || MaxReadingsBodyBytes < 1 || KeyCacheSeconds < 0 || MaxCachedKeys < 1 || StreamBufferEvents < 1)
        {
            problems.Add("Api:MaxRequestBodyBytes, Api:MaxCachedKeys and Api:StreamBufferEvents must be at least 1, Api:KeyCacheSeconds not negative.");
        }

        if (MaxStreamsPerKey < 1 || MaxStreamsPerSilo < MaxStreamsPerKey)
        {
            problems.Add("Api:MaxStreamsPerKey must be at least 1 and Api:MaxStreamsPerSilo at least that.");
        }

        if (DefaultPageSize < 1 || MaxPageSize < DefaultPageSize)
        {
            problems.Add("Api:DefaultPageSize must be at least 1 and Api:MaxPageSize at least that.");
        }

        return problems;
    }
}
