using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Exchange.Silo.Tests.Api;

/// <summary>POST /v1/clusters/{id}/readings: signed, cumulative readings of a cluster's own allocations, stored whole or not at all.</summary>
[Collection(ApiCollection.Name)]
public sealed class MeterReadingTests(ApiSiloFixture fixture)
{
    /// <summary>A provider whose cluster holds one allocation of 4,000,000 token-equivalents, and the key its meter signs with.</summary>
    private sealed record Metered(Party Provider, string ClusterId, string AllocationId, DateTimeOffset PeriodStart, ECDsa Key);

    private async Task<Metered> AllocatedAsync()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.40", 4_000_000);
        var bid = await desk.BidAsync("0.40", 4_000_000);
        var allocationId = bid["allocations"][0].GetString()!;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        (await desk.Provider.Client.PutAsync($"/v1/clusters/{desk.ClusterId}/meter-key", new { publicKey = key.ExportSubjectPublicKeyInfoPem() }))
            .Expect(HttpStatusCode.OK);
        var periodStart = DateTimeOffset.ParseExact(desk.Market[(desk.Market.LastIndexOf('.') + 1)..], "yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
        return new Metered(desk.Provider, desk.ClusterId, allocationId, periodStart, key);
    }

    private static object Reading(Metered metered, long sequence, long input, long output = 0, int minute = 5, long requests = 10, long meeting = 10, string? allocationId = null) => new
    {
        allocationId = allocationId ?? metered.AllocationId,
        sequence,
        at = metered.PeriodStart.AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        inputTokens = input,
        cachedInputTokens = 0,
        outputTokens = output,
        requests,
        requestsMeetingSlo = meeting,
        errors = 0,
    };

    private static Task<ApiResponse> SubmitAsync(Party provider, string clusterId, object body, ECDsa? signer, string? signature = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var headers = new Dictionary<string, string>();
        if (signature is not null || signer is not null)
        {
            headers["Exchange-Signature"] = signature
                ?? Convert.ToBase64String(signer!.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return provider.Client.SendAsync(HttpMethod.Post, $"/v1/clusters/{clusterId}/readings", content, headers: headers);
    }

    private Task<long> StoredReadingsAsync(string allocationId) =>
        fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_readings WHERE allocation_id = '{allocationId}'");

    [Fact]
    public async Task Signed_readings_of_the_clusters_allocation_are_stored_and_a_resend_counts_as_duplicates()
    {
        var metered = await AllocatedAsync();
        var body = new { readings = new[] { Reading(metered, 1, 100_000, 10_000), Reading(metered, 2, 300_000, 20_000, minute: 10) } };

        var first = (await SubmitAsync(metered.Provider, metered.ClusterId, body, metered.Key)).Expect(HttpStatusCode.OK);
        var again = (await SubmitAsync(metered.Provider, metered.ClusterId, body, metered.Key)).Expect(HttpStatusCode.OK);

        Assert.Equal((2, 0), (first.Long("accepted"), first.Long("duplicates")));
        Assert.Equal((0, 2), (again.Long("accepted"), again.Long("duplicates")));
        Assert.Equal(2, await StoredReadingsAsync(metered.AllocationId));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{metered.ClusterId}'"));
    }

    [Fact]
    public async Task A_missing_or_wrong_signature_is_refused_and_stores_nothing()
    {
        var metered = await AllocatedAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = new { readings = new[] { Reading(metered, 1, 100) } };

        await fixture.StoresNothingAsync(async () =>
        {
            (await SubmitAsync(metered.Provider, metered.ClusterId, body, null)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "bad-signature");
            (await SubmitAsync(metered.Provider, metered.ClusterId, body, stranger)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "bad-signature");
            (await SubmitAsync(metered.Provider, metered.ClusterId, body, null, "not base64")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "bad-signature");
        });
    }

    [Fact]
    public async Task Another_clusters_allocation_is_unknown_and_the_refusal_names_the_reading()
    {
        var metered = await AllocatedAsync();
        var other = await AllocatedAsync();
        var body = new { readings = new[] { Reading(other, 1, 100), Reading(other, 1, 100, allocationId: metered.AllocationId) } };

        var refused = await fixture.StoresNothingAsync(async () =>
            (await SubmitAsync(other.Provider, other.ClusterId, body, other.Key)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "unknown-allocation"));

        Assert.StartsWith("readings[1]:", refused.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_that_go_back_beyond_the_allocation_or_outside_its_period_are_refused()
    {
        var metered = await AllocatedAsync();
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 2, 500_000) } }, metered.Key)).Expect(HttpStatusCode.OK);

        await fixture.StoresNothingAsync(async () =>
        {
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 400_000) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 4_000_001) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-delivery");
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 600_000, minute: 61) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "delivery-closed");
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 2, 500_001) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.Conflict, "reading-conflict");
        });
        Assert.Equal(1, await StoredReadingsAsync(metered.AllocationId));
    }

    [Fact]
    public async Task A_late_reading_must_fit_between_its_stored_neighbours_however_far_apart_they_are()
    {
        var metered = await AllocatedAsync();
        var stored = new { readings = new[] { Reading(metered, 1, 100), Reading(metered, 2, 200), Reading(metered, 10, 1_000), Reading(metered, 11, 1_100) } };
        (await SubmitAsync(metered.Provider, metered.ClusterId, stored, metered.Key)).Expect(HttpStatusCode.OK);

        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 5, 500) } }, metered.Key)).Expect(HttpStatusCode.OK);
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 6, 1_001) } }, metered.Key))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 4, 499) } }, metered.Key)).Expect(HttpStatusCode.OK);
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 150) } }, metered.Key))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 12, 1_099) } }, metered.Key))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
        Assert.Equal(6, await StoredReadingsAsync(metered.AllocationId));
    }

    [Fact]
    public async Task Another_providers_cluster_is_not_found()
    {
        var metered = await AllocatedAsync();
        var other = await AllocatedAsync();

        await fixture.StoresNothingAsync(async () =>
            (await SubmitAsync(other.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 1, 100) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.NotFound, "not-found"));
    }

    public static TheoryData<string, string> Garbage() => new()
    {
        { """{}""", "readings" },
        { """{ "readings": [] }""", "readings" },
        { """{ "readings": {} }""", "readings" },
        { """{ "readings": [ 1 ] }""", "readings[0]" },
        { """{ "readings": [ { "sequence": 1, "at": "2026-11-28T14:05:00Z", "inputTokens": 1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0 } ] }""", "readings[0].allocationId" },
        { """{ "readings": [ { "allocationId": "m.a1", "sequence": 0, "at": "2026-11-28T14:05:00Z", "inputTokens": 1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0 } ] }""", "readings[0].sequence" },
        { """{ "readings": [ { "allocationId": "m.a1", "sequence": 1, "at": "yesterday", "inputTokens": 1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0 } ] }""", "readings[0].at" },
        { """{ "readings": [ { "allocationId": "m.a1", "sequence": 1, "at": "2026-11-28T14:05:00Z", "inputTokens": -1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0 } ] }""", "readings[0].inputTokens" },
        { """{ "readings": [ { "allocationId": "m.a1", "sequence": 1, "at": "2026-11-28T14:05:00Z", "inputTokens": "5", "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0 } ] }""", "readings[0].inputTokens" },
        { """{ "readings": [ { "allocationId": "m.a1", "sequence": 1, "at": "2026-11-28T14:05:00Z", "inputTokens": 1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 2, "errors": 0 } ] }""", "readings[0].requestsMeetingSlo" },
        { """{ "readings": [ { "allocationId": "m.a1", "sequence": 1, "at": "2026-11-28T14:05:00Z", "inputTokens": 1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0, "tokens": 5 } ] }""", "readings[0].tokens" },
        { """{ "readings": [], "signature": "x" }""", "signature" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_is_refused_naming_the_field_and_stores_nothing(string body, string field)
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync();

        await fixture.StoresNothingAsync(async () =>
            (await provider.Client.SendAsync(HttpMethod.Post, $"/v1/clusters/{cluster}/readings", body, headers: new Dictionary<string, string> { ["Exchange-Signature"] = "x" }))
                .ExpectInvalid(field));
    }

    [Fact]
    public async Task More_than_a_thousand_readings_are_refused_naming_the_list()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync();
        var reading = """{ "allocationId": "m.a1", "sequence": 1, "at": "2026-11-28T14:05:00Z", "inputTokens": 1, "cachedInputTokens": 0, "outputTokens": 0, "requests": 1, "requestsMeetingSlo": 1, "errors": 0 }""";
        var body = new StringBuilder("""{ "readings": [""").AppendJoin(',', Enumerable.Repeat(reading, 1_001)).Append("] }").ToString();

        (await provider.Client.SendAsync(HttpMethod.Post, $"/v1/clusters/{cluster}/readings", body)).ExpectInvalid("readings");
    }
}
