using Exchange.Storage.Journal;
using Exchange.Storage.Reservations;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

public sealed class HolderMarketStoreTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private MarketJournalStore Journal => new(fixture.Database.DataSource);

    private HolderMarketStore Markets => new(fixture.Database.DataSource);

    [Fact]
    public async Task A_holders_markets_are_recorded_with_their_journal_batches_once_each_and_forgotten_one_by_one()
    {
        var (tenant, other) = (HolderEpoch.TenantHolder($"b-{Guid.NewGuid():N}"), HolderEpoch.TenantHolder($"b-{Guid.NewGuid():N}"));
        var (m1, m2) = ($"chat-70b.{Guid.NewGuid():N}", $"chat-70b.{Guid.NewGuid():N}");

        await Journal.AppendAsync(
            [new MarketBatch(m1, 0, LedgerRows.Commands(1, 1), [], NewHolders: [tenant, other]),
             new MarketBatch(m2, 0, LedgerRows.Commands(1, 1), [], NewHolders: [tenant])],
            CancellationToken.None);
        await Journal.AppendAsync([new MarketBatch(m1, 1, LedgerRows.Commands(2, 2), [], NewHolders: [tenant])], CancellationToken.None);
        await Markets.ForgetAsync(tenant, [m1], CancellationToken.None);

        Assert.Equal([m2], await Markets.ReadAsync(tenant, CancellationToken.None));
        Assert.Equal([m1], await Markets.ReadAsync(other, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_batch_records_no_market()
    {
        var tenant = HolderEpoch.TenantHolder($"b-{Guid.NewGuid():N}");
        var market = $"chat-70b.{Guid.NewGuid():N}";
        await Journal.AppendAsync([new MarketBatch(market, 0, LedgerRows.Commands(1, 1), [])], CancellationToken.None);

        await Assert.ThrowsAsync<JournalConflictException>(() =>
            Journal.AppendAsync([new MarketBatch(market, 0, LedgerRows.Commands(1, 1), [], NewHolders: [tenant])], CancellationToken.None));

        Assert.Empty(await Markets.ReadAsync(tenant, CancellationToken.None));
    }
}
