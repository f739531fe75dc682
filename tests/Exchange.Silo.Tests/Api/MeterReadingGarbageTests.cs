using System.Net;
using System.Text;

namespace Exchange.Silo.Tests.Api;

/// <summary>POST /v1/clusters/{id}/readings with bodies that are not readings: 400 naming the field, nothing stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class MeterReadingGarbageTests(ApiSiloFixture fixture)
{
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
