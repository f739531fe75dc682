using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

/// <summary>A delivery-period filter is served period by period and merged; it must select and order exactly as the plain filter would.</summary>
public sealed class DeliveryPeriodQueryTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTimeOffset FirstPeriod = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<int?, int?, int?, int?, string?> Ranges => new()
    {
        // delivery from/to (hours after the first period), match from/to (hours after the first period), region.
        // Up to 48 periods in the range the query merges per-period pages; beyond, it walks match order.
        { 1, 3, null, null, null },
        { null, 2, null, null, null },
        { 2, 6, -30, -10, null },
        { 1, 2, -40, 0, "guangdong" },
        { 70, 90, null, null, null },
        { 3, 1, null, null, null },
        { 50, null, null, null, null },
        { null, null, null, null, null },
        { 2, 58, null, null, null },
        { 5, 59, -20, 30, "hainan" },
        { 0, 60, 10, 11, null },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task A_delivery_range_pages_exactly_the_rows_the_filter_selects_in_match_order(int? deliveryFrom, int? deliveryTo, int? from, int? to, string? region)
    {
        var model = $"dp-{Guid.NewGuid():N}"[..16];
        var rows = await SeedAsync(model);
        DateTimeOffset? At(int? hours) => hours is { } h ? FirstPeriod.AddHours(h) : null;
        var filter = new AllocationFilter
        {
            Model = model, DeliveryFrom = At(deliveryFrom), DeliveryTo = At(deliveryTo), From = At(from), To = At(to), Region = region,
        };

        var expected = rows
            .Where(r => (filter.DeliveryFrom is null || r.PeriodStart >= filter.DeliveryFrom) && (filter.DeliveryTo is null || r.PeriodStart < filter.DeliveryTo))
            .Where(r => (filter.From is null || r.MatchedAt >= filter.From) && (filter.To is null || r.MatchedAt < filter.To))
            .Where(r => region is null || r.Region == region)
            .OrderBy(r => r.MatchedAt).ThenBy(r => r.MarketId, StringComparer.Ordinal).ThenBy(r => r.Sequence)
            .Select(r => r.AllocationId).ToList();
        var queries = new AllocationQueries(fixture.Database.DataSource);
        var walked = new List<string>();
        AllocationCursor? cursor = null;
        while (true)
        {
            var page = await queries.ReadAsync(filter, cursor, 7, CancellationToken.None);
            walked.AddRange(page.Select(r => r.AllocationId));
            if (page.Count < 7)
            {
                break;
            }

            cursor = new AllocationCursor(page[^1].MatchedAt, page[^1].MarketId, page[^1].Sequence);
        }

        Assert.Equal(expected, walked);
    }

    // Sixty hourly periods, two markets each (Hainan and Guangdong), matched over the 48 hours before each period in
    // interleaved times, some sharing a match time, so the merge across periods and the tie-break on market both matter.
    private async Task<List<AllocationRecord>> SeedAsync(string model)
    {
        var store = new MarketJournalStore(fixture.Database.DataSource);
        var all = new List<AllocationRecord>();
        for (var p = 0; p < 60; p++)
        {
            var period = FirstPeriod.AddHours(p);
            foreach (var region in new[] { "hainan", "guangdong" })
            {
                var market = $"{model}.{p}.{region}";
                var times = Enumerable.Range(0, 4).Select(i => period.AddHours(-47 + (i * 13) - (p % 5)).AddMinutes(region == "hainan" ? 0 : i % 2)).ToList();
                var chain = LedgerRows.Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, times, model, period, region);
                await store.AppendAsync(market, 0, LedgerRows.Commands(1, 1), chain, CancellationToken.None);
                all.AddRange(chain);
            }
        }

        return all;
    }
}
