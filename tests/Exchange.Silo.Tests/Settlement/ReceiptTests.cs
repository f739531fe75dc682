using System.Net;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>POST /v1/allocations/{id}/receipts of allocations being delivered: a buyer's own count, under the rules of the meter's readings.</summary>
[Collection(MeteringCollection.Name)]
public sealed class ReceiptTests(MeteringFixture fixture)
{
    private object Receipt(long sequence, long input, int second = 5, long requests = 10, long met = 10) =>
        SettlementKit.Receipt(sequence, fixture.PeriodStart.AddSeconds(second), input, requests, met);

    private static string Path(Metered metered) => $"/v1/allocations/{metered.AllocationId}/receipts";

    [Fact]
    public async Task A_buyers_receipt_is_stored_once_a_resend_is_a_duplicate_and_other_content_under_its_sequence_conflicts()
    {
        var metered = fixture.Take();

        var first = (await metered.Buyer.PostAsync(Path(metered), Receipt(1, 100_000))).Expect(HttpStatusCode.OK);
        var again = (await metered.Buyer.PostAsync(Path(metered), Receipt(1, 100_000))).Expect(HttpStatusCode.OK);

        Assert.Equal((1L, 0L), (first.Long("accepted"), first.Long("duplicates")));
        Assert.Equal((0L, 1L), (again.Long("accepted"), again.Long("duplicates")));
        await fixture.StoresNothingAsync(async () =>
            (await metered.Buyer.PostAsync(Path(metered), Receipt(1, 100_001))).ExpectProblem(HttpStatusCode.Conflict, "reading-conflict"));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM allocation_receipts WHERE allocation_id = '{metered.AllocationId}'"));
    }

    [Fact]
    public async Task A_receipt_that_goes_backwards_is_timed_ahead_or_outside_the_period_or_counts_past_the_quantity_is_refused_and_stores_nothing()
    {
        var metered = fixture.Take();
        (await metered.Buyer.PostAsync(Path(metered), Receipt(2, 200_000, second: 10))).Expect(HttpStatusCode.OK);

        await fixture.StoresNothingAsync(async () =>
        {
            (await metered.Buyer.PostAsync(Path(metered), Receipt(3, 150_000, second: 12))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
            (await metered.Buyer.PostAsync(Path(metered), Receipt(1, 300_000, second: 4))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "counter-regressed");
            (await metered.Buyer.PostAsync(Path(metered), Receipt(3, 300_000, second: 600))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "reading-in-future");
            (await metered.Buyer.PostAsync(Path(metered), Receipt(3, 300_000, second: -5))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "delivery-closed");
            (await metered.Buyer.PostAsync(Path(metered), Receipt(3, 4_000_001, second: 12))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-delivery");
        });
    }

    [Fact]
    public async Task Another_buyers_allocation_or_one_that_does_not_exist_is_404_and_stores_nothing()
    {
        var metered = fixture.Take();
        var other = fixture.Take();

        await fixture.StoresNothingAsync(async () =>
        {
            (await other.Buyer.PostAsync(Path(metered), Receipt(1, 100))).ExpectProblem(HttpStatusCode.NotFound, "not-found");
            (await metered.Buyer.PostAsync($"/v1/allocations/{metered.AllocationId}x/receipts", Receipt(1, 100))).ExpectProblem(HttpStatusCode.NotFound, "not-found");
            (await metered.Provider.PostAsync(Path(metered), Receipt(1, 100))).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        });
    }
}
