using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Reservations;
using Exchange.TestSupport;
using Npgsql;

namespace Exchange.Storage.Tests;

public sealed class ReservationEpochTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{

    private MarketJournalStore Store => new(fixture.Database.DataSource);

    private ReservationEpochStore Epochs => new(fixture.Database.DataSource);

    private static string NewMarket() => $"chat-70b.{Guid.NewGuid():N}";

    private static string NewHolder() => HolderEpoch.ClusterHolder($"cl-{Guid.NewGuid():N}");

    [Fact]
    public async Task Each_activation_of_a_tenant_or_cluster_takes_the_next_epoch_of_its_holder()
    {
        var id = $"x-{Guid.NewGuid():N}";

        Assert.Equal(1, await Epochs.BeginEpochAsync(HolderEpoch.TenantHolder(id), CancellationToken.None));
        Assert.Equal(2, await Epochs.BeginEpochAsync(HolderEpoch.TenantHolder(id), CancellationToken.None));
        Assert.Equal(1, await Epochs.BeginEpochAsync(HolderEpoch.ClusterHolder(id), CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_with_an_order_admitted_under_a_replaced_or_unknown_epoch_is_refused_whole()
    {
        var holder = NewHolder();
        await Epochs.BeginEpochAsync(holder, CancellationToken.None);
        var current = await Epochs.BeginEpochAsync(holder, CancellationToken.None);
        var market = NewMarket();

        await Assert.ThrowsAsync<StaleReservationException>(() => Store.AppendAsync([Batch(market, 0, new HolderEpoch(holder, current - 1))], CancellationToken.None));
        await Assert.ThrowsAsync<StaleReservationException>(() => Store.AppendAsync([Batch(market, 0, new HolderEpoch(NewHolder(), 1))], CancellationToken.None));
        await Assert.ThrowsAsync<StaleReservationException>(() => Store.AppendAsync(
            [Batch(market, 0, new HolderEpoch(holder, current), new HolderEpoch(holder, current - 1))], CancellationToken.None));
        var tenant = NewHolder();
        var tenantEpoch = await Epochs.BeginEpochAsync(tenant, CancellationToken.None);
        await Assert.ThrowsAsync<StaleReservationException>(() => Store.AppendAsync(
            [Batch(market, 0, new HolderEpoch(tenant, tenantEpoch), new HolderEpoch(holder, current - 1))], CancellationToken.None));
        Assert.Equal(0, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastJournalSequence);

        await Store.AppendAsync([Batch(market, 0, new HolderEpoch(holder, current))], CancellationToken.None);
        Assert.Equal(1, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastJournalSequence);
    }

    [Fact]
    public async Task The_writer_commits_the_other_markets_when_one_has_a_stale_order()
    {
        var holder = NewHolder();
        var epoch = await Epochs.BeginEpochAsync(holder, CancellationToken.None);
        var (fresh, stale) = (NewMarket(), NewMarket());
        await Epochs.BeginEpochAsync(holder, CancellationToken.None);
        await using var writer = new JournalWriter(Store);

        var refused = writer.AppendAsync(Batch(stale, 0, new HolderEpoch(holder, epoch)));
        var committed = writer.AppendAsync(Batch(fresh, 0, new HolderEpoch(holder, epoch + 1)));

        await committed;
        await Assert.ThrowsAsync<StaleReservationException>(() => refused);
        Assert.Equal(1, (await Store.ReadHeadAsync(fresh, CancellationToken.None)).LastJournalSequence);
        Assert.Equal(0, (await Store.ReadHeadAsync(stale, CancellationToken.None)).LastJournalSequence);
    }

    [Fact]
    public async Task An_order_checked_against_an_epoch_being_replaced_waits_for_the_new_epoch_and_is_refused()
    {
        var holder = NewHolder();
        var epoch = await Epochs.BeginEpochAsync(holder, CancellationToken.None);
        var market = NewMarket();

        // A new activation's epoch, caught between its increment and its commit.
        await using var activation = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var replacing = await activation.BeginTransactionAsync();
        await Execute(activation, $"UPDATE reservation_epochs SET epoch = epoch + 1 WHERE holder = '{holder}'");

        var append = Store.AppendAsync([Batch(market, 0, new HolderEpoch(holder, epoch))], CancellationToken.None);
        await Task.Delay(300);
        Assert.False(append.IsCompleted);

        await replacing.CommitAsync();
        await Assert.ThrowsAsync<StaleReservationException>(() => append);
        Assert.Equal(0, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastJournalSequence);
    }

    [Fact]
    public async Task A_new_epoch_waits_until_a_batch_holding_the_old_one_has_committed()
    {
        var holder = NewHolder();
        var epoch = await Epochs.BeginEpochAsync(holder, CancellationToken.None);
        var market = NewMarket();

        // Closing the ledger's gate (migration 0019) stops the batch right after its epoch check, with the holder's row held.
        await using var settler = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var holding = await settler.BeginTransactionAsync();
        await Execute(settler, "LOCK TABLE ledger_gate IN EXCLUSIVE MODE");
        var allocations = LedgerRows.Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, [DateTimeOffset.UtcNow]);
        var append = Store.AppendAsync(
            [new MarketBatch(market, 0, LedgerRows.Commands(1, 1), allocations, [new HolderEpoch(holder, epoch)])], CancellationToken.None);
        await Eventually.HoldsAsync("the batch waits at the ledger's gate", TimeSpan.FromSeconds(10), () => WaitsAtLedgerGateAsync());

        var next = Epochs.BeginEpochAsync(holder, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(next.IsCompleted);

        await holding.CommitAsync();
        await append;
        Assert.Equal(epoch + 1, await next);
        Assert.Equal(1, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastJournalSequence);
    }

    private static MarketBatch Batch(string market, long expectedLast, params HolderEpoch[] holders) =>
        new(market, expectedLast, LedgerRows.Commands(expectedLast + 1, 1), [], holders);

    private async Task<bool> WaitsAtLedgerGateAsync()
    {
        await using var command = fixture.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_locks WHERE relation = 'ledger_gate'::regclass AND NOT granted");
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
