using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Microsoft.Extensions.Options;
using static Exchange.Grains.Tests.Markets.MarketFixtures;

namespace Exchange.Grains.Tests.Markets;

[Collection(PostgresClusterCollection.Name)]
public sealed class KnownMarketsTests(PostgresClusterFixture fixture)
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private KnownMarkets Known(string model, DateTimeOffset now) => new(
        new MarketListing(
            Microsoft.Extensions.Options.Options.Create(new CatalogOptions { Models = [new ModelOptions { Id = model, Name = model }] }),
            Microsoft.Extensions.Options.Options.Create(new MarketOptions()),
            new ExchangeClock(new Clock(now))),
        new MarketJournalStore(fixture.Database.DataSource));

    [Fact]
    public async Task A_past_market_is_known_only_once_it_has_a_journal()
    {
        var model = $"m{Guid.NewGuid():N}"[..12];
        var traded = new MarketId(model, Start.AddHours(-3)).ToString();
        var neverTraded = new MarketId(model, Start.AddHours(-2)).ToString();
        await new MarketJournalStore(fixture.Database.DataSource).AppendAsync(
            traded, 0, [new JournalEntry(1, MarketCommandCodec.Encode(new PlaceCommand(Start.AddHours(-4).ToUnixTimeMilliseconds(), Bid("b-de", "b1", 0.40m, 5_000))))], [], CancellationToken.None);
        var known = Known(model, Start.AddMinutes(30));

        Assert.NotNull(await known.FindAsync(traded, CancellationToken.None));
        Assert.Null(await known.FindAsync(neverTraded, CancellationToken.None));
    }

    [Fact]
    public async Task The_current_and_listed_markets_are_known_without_a_journal_and_made_up_ones_are_not()
    {
        var model = $"m{Guid.NewGuid():N}"[..12];
        var known = Known(model, Start.AddMinutes(30));

        Assert.NotNull(await known.FindAsync(new MarketId(model, Start).ToString(), CancellationToken.None));
        Assert.NotNull(await known.FindAsync(new MarketId(model, Start.AddHours(48)).ToString(), CancellationToken.None));
        Assert.Null(await known.FindAsync(new MarketId(model, Start.AddHours(49)).ToString(), CancellationToken.None));
        Assert.Null(await known.FindAsync(new MarketId(model, Start.AddMinutes(-30)).ToString(), CancellationToken.None));
        Assert.Null(await known.FindAsync(new MarketId("other-model", Start.AddHours(2)).ToString(), CancellationToken.None));
        Assert.Null(await known.FindAsync("not a market", CancellationToken.None));
    }
}
