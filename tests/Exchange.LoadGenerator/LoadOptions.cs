using System.Globalization;

namespace Exchange.LoadGenerator;

/// <summary>What one load run does: how long, how many concurrent callers, over how many markets and tenants; where (Orleans cluster or HTTP URL and operator key).</summary>
internal sealed record LoadOptions(
    string ConnectionString,
    string ClusterId,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Concurrency,
    int Markets,
    int Tenants,
    Uri Url,
    string Key,
    int? SiloPid)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string key, string fallback) => values.TryGetValue(key, out var v) ? v : fallback;
        int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new LoadOptions(
            values.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Exchange") ?? "",
            Get("cluster-id", "token-exchange"),
            TimeSpan.FromSeconds(Int("seconds", 20)),
            // The silo's tiered JIT needs about 15-20 s of full load on two cores to promote the order path to optimized
            // code (a 5 s warm-up measured the instrumented tier too: 9.7k HTTP orders/s against 11.0-11.3k after 20 s).
            TimeSpan.FromSeconds(Int("warmup", 20)),
            Int("concurrency", 256),
            Int("markets", 16),
            Int("tenants", 64),
            new Uri(Get("url", "http://127.0.0.1:5080")),
            Get("key", Environment.GetEnvironmentVariable("EXCHANGE_BOOTSTRAP_KEY") ?? ""),
            values.TryGetValue("silo-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null);
    }
}
