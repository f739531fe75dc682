using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Exchange.Silo.Tests.Api;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>
/// What settlement's process tests share: silos on one-minute periods with second-scale settlement (intervals of 20 s,
/// 3 s of grace, a run every 200 ms), tenants made through the operator, and signed reading batches.
/// </summary>
internal static class SettlementKit
{
    public static readonly string BootstrapKey = "boot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <param name="graceSeconds">How long after its period an allocation takes readings: 3 s lets a test watch it close.</param>
    /// <param name="more">Further settings, as command-line arguments.</param>
    public static SiloProcess Start(string connectionString, string clusterId, int graceSeconds = 3, params string[] more) => SiloProcess.Start(connectionString, clusterId,
        [
        $"--Exchange:BootstrapKey={BootstrapKey}",
        "--Markets:PeriodMinutes=1",
        "--Settlement:IntervalSeconds=20",
        $"--Settlement:GraceSeconds={graceSeconds}",
        "--Settlement:RunMilliseconds=200",
        "--Regulator:SettleMilliseconds=2000",
        "--Regulator:SettleIntervalMilliseconds=100",
        "--Clusters:SuspectAfterSeconds=86400",
        "--Silo:Dashboard=false",
        .. more,
        ]);

    public static Api.ApiClient Operator(SiloProcess silo) => new(silo.Http, $"Bearer {BootstrapKey}");

    /// <summary>Creates the tenant and returns a client with a new key of its.</summary>
    public static async Task<Api.ApiClient> TenantAsync(SiloProcess silo, string id, string kind, string jurisdiction)
    {
        var admin = Operator(silo);
        (await admin.PostAsync("/v1/tenants", new { id, kind, name = id, jurisdiction })).Expect(HttpStatusCode.Created);
        var key = (await admin.PostAsync($"/v1/tenants/{id}/keys")).Expect(HttpStatusCode.Created).Str("key");
        return new Api.ApiClient(silo.Http, $"Bearer {key}");
    }

    /// <summary>Registers a cluster for the provider with a new meter key, and returns the key.</summary>
    public static async Task<ECDsa> ClusterAsync(Api.ApiClient provider, string clusterId, string region = "hainan")
    {
        (await provider.PostAsync("/v1/clusters", Parties.Cluster(clusterId, region))).Expect(HttpStatusCode.Created);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        (await provider.PutAsync($"/v1/clusters/{clusterId}/meter-key", new { publicKey = key.ExportSubjectPublicKeyInfoPem() })).Expect(HttpStatusCode.OK);
        return key;
    }

    /// <summary>The next period that starts at least 10 s from now, so orders are in before its gate closes.</summary>
    public static DateTimeOffset NextPeriod()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 50 ? 1 : 2);
    }

    public static string Market(DateTimeOffset start) => $"chat-70b.{start.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}";

    /// <summary>Sends the readings as one batch signed with the cluster's key.</summary>
    public static Task<ApiResponse> SubmitAsync(Api.ApiClient provider, string clusterId, ECDsa key, params object[] readings) =>
        SubmitBodyAsync(provider, clusterId, new { readings }, key);

    /// <summary>Sends <paramref name="body"/> as a readings batch signed by <paramref name="signer"/>, or with <paramref name="signature"/> as given, or unsigned.</summary>
    public static Task<ApiResponse> SubmitBodyAsync(Api.ApiClient provider, string clusterId, object body, ECDsa? signer, string? signature = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var headers = new Dictionary<string, string>();
        if ((signature ?? (signer is null ? null : Exchange.ApiClient.SignedReadings.SignerOf(signer)(bytes))) is { } signed)
        {
            headers[Exchange.ApiClient.SignedReadings.SignatureHeader] = signed;
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return provider.SendAsync(HttpMethod.Post, $"/v1/clusters/{clusterId}/readings", content, headers: headers);
    }

    /// <summary>A buyer's receipt: its own cumulative count, no errors counter.</summary>
    public static object Receipt(long sequence, DateTimeOffset at, long input, long requests = 0, long met = 0) => new
    {
        sequence, at, inputTokens = input, cachedInputTokens = 0L, outputTokens = 0L, requests, requestsMeetingSlo = met,
    };

    public static object Reading(string allocationId, long sequence, DateTimeOffset at, long input, long cached, long output, long requests, long met) => new
    {
        allocationId, sequence, at = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        inputTokens = input, cachedInputTokens = cached, outputTokens = output, requests, requestsMeetingSlo = met, errors = 0,
    };

    public static async Task UntilAsync(DateTimeOffset moment)
    {
        var wait = moment - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    public static decimal Usd(ApiResponse response, string name) => decimal.Parse(response.Str(name), CultureInfo.InvariantCulture);
}
