using System.Net;
using System.Security.Cryptography;
using Exchange.Silo.Tests.Api;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>POST /v1/clusters/{id}/readings of allocations being delivered: signed, cumulative readings, stored whole or not at all.</summary>
[Collection(MeteringCollection.Name)]
public sealed class MeterReadingTests(MeteringFixture fixture)
{
    private object Reading(Metered metered, long sequence, long input, long output = 0, int second = 5, long requests = 10, long meeting = 10, string? allocationId = null) =>
        SettlementKit.Reading(allocationId ?? metered.AllocationId, sequence, fixture.PeriodStart.AddSeconds(second), input, 0, output, requests, meeting);

    private static Task<ApiResponse> SubmitAsync(Api.ApiClient provider, string clusterId, object body, ECDsa? signer, string? signature = null) =>
        SettlementKit.SubmitBodyAsync(provider, clusterId, body, signer, signature);

    private Task<long> StoredReadingsAsync(string allocationId) =>
        fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_readings WHERE allocation_id = '{allocationId}'");

    [Fact]
    public async Task Signed_readings_of_the_clusters_allocation_are_stored_and_a_resend_counts_as_duplicates()
    {
        var metered = fixture.Take();
        var body = new { readings = new[] { Reading(metered, 1, 100_000, 10_000), Reading(metered, 2, 300_000, 20_000, second: 10) } };

        var first = (await SubmitAsync(metered.Provider, metered.ClusterId, body, metered.Key)).Expect(HttpStatusCode.OK);
        var again = (await SubmitAsync(metered.Provider, metered.ClusterId, body, metered.Key)).Expect(HttpStatusCode.OK);

        Assert.Equal((2, 0), (first.Long("accepted"), first.Long("duplicates")));
        Assert.Equal((0, 2), (again.Long("accepted"), again.Long("duplicates")));
        Assert.Equal(2, await StoredReadingsAsync(metered.AllocationId));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_batches WHERE cluster_id = '{metered.ClusterId}'"));
    }

    [Fact]
    public async Task A_failed_clusters_meter_is_fenced_at_its_last_accepted_reading_and_later_batches_are_refused_and_kept_as_evidence()
    {
        var metered = fixture.Take();
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 1, 100_000) } }, metered.Key)).Expect(HttpStatusCode.OK);
        (await metered.Provider.PostAsync($"/v1/clusters/{metered.ClusterId}/fail", new { reason = "fan tray" })).Expect(HttpStatusCode.OK);
        var late = new { readings = new[] { Reading(metered, 2, 200_000, second: 10) } };

        var refused = await fixture.StoresNothingAsync(async () =>
            (await SubmitAsync(metered.Provider, metered.ClusterId, late, metered.Key)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "cluster-failed"));

        Assert.StartsWith("readings[0]:", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(1, await StoredReadingsAsync(metered.AllocationId));
        Assert.Equal(("cluster-failed", 1L), (
            await fixture.Database.ScalarAsync<string>($"SELECT code FROM meter_refused_batches WHERE cluster_id = '{metered.ClusterId}'"),
            await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_refused_batches WHERE cluster_id = '{metered.ClusterId}' AND signature <> ''")));
    }

    [Fact]
    public async Task A_missing_or_wrong_signature_is_refused_and_stores_nothing()
    {
        var metered = fixture.Take();
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
        var metered = fixture.Take();
        var other = fixture.Take();
        var body = new { readings = new[] { Reading(other, 1, 100), Reading(other, 1, 100, allocationId: metered.AllocationId) } };

        var refused = await fixture.StoresNothingAsync(async () =>
            (await SubmitAsync(other.Provider, other.ClusterId, body, other.Key)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "unknown-allocation"));

        Assert.StartsWith("readings[1]:", refused.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_that_go_back_beyond_the_allocation_outside_its_period_or_ahead_of_the_clock_are_refused()
    {
        var metered = fixture.Take();
        (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 2, 500_000) } }, metered.Key)).Expect(HttpStatusCode.OK);

        await fixture.StoresNothingAsync(async () =>
        {
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 400_000) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 4_000_001) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-delivery");
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 600_000, second: -1) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "delivery-closed");
            var ahead = (int)(DateTimeOffset.UtcNow - fixture.PeriodStart).TotalSeconds + 60;
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 3, 600_000, second: ahead) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.UnprocessableEntity, "reading-in-future");
            (await SubmitAsync(metered.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 2, 500_001) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.Conflict, "reading-conflict");
        });
        Assert.Equal(1, await StoredReadingsAsync(metered.AllocationId));
    }

    [Fact]
    public async Task A_late_reading_must_fit_between_its_stored_neighbours_however_far_apart_they_are()
    {
        var metered = fixture.Take();
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
        var metered = fixture.Take();
        var other = fixture.Take();

        await fixture.StoresNothingAsync(async () =>
            (await SubmitAsync(other.Provider, metered.ClusterId, new { readings = new[] { Reading(metered, 1, 100) } }, metered.Key))
                .ExpectProblem(HttpStatusCode.NotFound, "not-found"));
    }

}
