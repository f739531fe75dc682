using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;
using Npgsql;

namespace Exchange.Storage.Tests;

public sealed class MarketJournalStoreTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private MarketJournalStore Store => new(fixture.Database.DataSource);

    private static string NewMarket() => $"chat-70b.{Guid.NewGuid():N}";

    [Fact]
    public async Task An_empty_market_starts_at_sequence_zero_with_the_genesis_hash()
    {
        var head = await Store.ReadHeadAsync(NewMarket(), CancellationToken.None);

        Assert.Equal(0, head.LastJournalSequence);
        Assert.Equal(0, head.LastAllocationSequence);
        Assert.Equal(AllocationHasher.Genesis.ToArray(), head.LastAllocationHash);
    }

    [Fact]
    public async Task Appended_commands_and_allocations_read_back_in_order_with_their_hashes()
    {
        var market = NewMarket();
        var allocations = Chain(market, AllocationHasher.Genesis.ToArray(), firstSequence: 1, journalSequence: 2, count: 3);

        await Store.AppendAsync(market, 0, Commands(1, 3), allocations, CancellationToken.None);

        var commands = await Store.ReadAsync(market, 0, CancellationToken.None).ToListAsync();
        var stored = await Store.ReadAllocationsAsync(market, 0, CancellationToken.None).ToListAsync();
        Assert.Equal([1L, 2L, 3L], commands.Select(c => c.Sequence));
        Assert.Equal([2, 2], commands[1].Command);
        Assert.Equal(allocations.Select(a => a.AllocationId), stored.Select(a => a.AllocationId));
        var prev = AllocationHasher.Genesis.ToArray();
        foreach (var row in stored)
        {
            Assert.Equal(prev, row.PrevHash);
            Assert.Equal(AllocationHasher.Hash(prev, row), row.Hash);
            prev = row.Hash;
        }

        var head = await Store.ReadHeadAsync(market, CancellationToken.None);
        Assert.Equal(3, head.LastJournalSequence);
        Assert.Equal(3, head.LastAllocationSequence);
        Assert.Equal(stored[^1].Hash, head.LastAllocationHash);
    }

    [Fact]
    public async Task A_stale_writer_is_refused_and_the_journal_does_not_fork()
    {
        var market = NewMarket();
        await Store.AppendAsync(market, 0, Commands(1, 2), [], CancellationToken.None);

        // Two activations that both believe the journal ends at 2: the first wins, the second is fenced off.
        await Store.AppendAsync(market, 2, Commands(3, 1), [], CancellationToken.None);
        await Assert.ThrowsAsync<JournalConflictException>(() => Store.AppendAsync(market, 2, Commands(3, 2), [], CancellationToken.None));

        // One that is behind, appending where nothing was written yet, is refused too.
        await Assert.ThrowsAsync<JournalConflictException>(() => Store.AppendAsync(market, 1, Commands(2, 1), [], CancellationToken.None));

        var commands = await Store.ReadAsync(market, 0, CancellationToken.None).ToListAsync();
        Assert.Equal([1L, 2L, 3L], commands.Select(c => c.Sequence));
    }

    [Fact]
    public async Task Commands_and_their_allocations_commit_together_or_not_at_all()
    {
        var market = NewMarket();
        var first = Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, 1);
        await Store.AppendAsync(market, 0, Commands(1, 1), first, CancellationToken.None);

        // The second batch carries an allocation that repeats an existing place in the chain: the whole batch must roll back.
        var clash = Chain(market, first[0].Hash, 1, 2, 1);
        await Assert.ThrowsAsync<JournalConflictException>(() => Store.AppendAsync(market, 1, Commands(2, 1), clash, CancellationToken.None));

        var head = await Store.ReadHeadAsync(market, CancellationToken.None);
        Assert.Equal(1, head.LastJournalSequence);
        Assert.Equal(1, head.LastAllocationSequence);
    }

    [Fact]
    public async Task An_allocation_id_other_than_its_place_in_the_chain_is_refused_with_its_batch()
    {
        var market = NewMarket();
        var first = Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, 1);
        await Store.AppendAsync(market, 0, Commands(1, 1), first, CancellationToken.None);

        // The key no longer guards ids (migration 0023): the id is the market and the sequence, and a check keeps it so.
        var renamed = Chain(market, first[0].Hash, 2, 2, 1)[0] with { AllocationId = first[0].AllocationId };
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Store.AppendAsync(market, 1, Commands(2, 1), [renamed], CancellationToken.None));

        Assert.Equal("ck_allocations_id", refused.ConstraintName);
        var head = await Store.ReadHeadAsync(market, CancellationToken.None);
        Assert.Equal(1, head.LastJournalSequence);
        Assert.Equal(1, head.LastAllocationSequence);
    }

    [Fact]
    public async Task Allocations_are_append_only()
    {
        var market = NewMarket();
        await Store.AppendAsync(market, 0, Commands(1, 1), Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, 1), CancellationToken.None);

        await using var update = fixture.Database.DataSource.CreateCommand($"UPDATE allocations SET quantity = quantity + 1 WHERE market_id = '{market}'");
        await using var delete = fixture.Database.DataSource.CreateCommand($"DELETE FROM allocations WHERE market_id = '{market}'");

        Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync())).SqlState);
        Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync())).SqlState);
    }

    [Fact]
    public async Task The_latest_snapshot_is_the_one_restored()
    {
        var market = NewMarket();
        await Store.SaveSnapshotAsync(market, new MarketSnapshot(10, [1]), CancellationToken.None);
        await Store.SaveSnapshotAsync(market, new MarketSnapshot(20, [2]), CancellationToken.None);
        await Store.SaveSnapshotAsync(market, new MarketSnapshot(20, [9]), CancellationToken.None);

        var latest = await Store.LoadLatestSnapshotAsync(market, CancellationToken.None);

        Assert.NotNull(latest);
        Assert.Equal(20, latest.Sequence);
        Assert.Equal([2], latest.State);
        Assert.Null(await Store.LoadLatestSnapshotAsync(NewMarket(), CancellationToken.None));
    }

    [Fact]
    public void Notional_is_exact_to_the_smallest_fraction()
    {
        Assert.Equal(0.42m, Money.Notional(1_000_000, 420_000));
        Assert.Equal(0.000000000001m, Money.Notional(1, 1));
        Assert.Equal(123_456_789.123m, Money.Notional(1_000_000_000, 123_456_789_123));
    }

    [Fact]
    public async Task The_writer_commits_many_markets_together_and_a_fenced_off_market_fails_alone()
    {
        var markets = Enumerable.Range(0, 5).Select(_ => NewMarket()).ToArray();
        var stale = NewMarket();
        await Store.AppendAsync(stale, 0, Commands(1, 1), [], CancellationToken.None);
        await using var writer = new JournalWriter(Store);

        var appends = markets.Select(m => writer.AppendAsync(new MarketBatch(m, 0, Commands(1, 3), []))).ToList();
        var fenced = writer.AppendAsync(new MarketBatch(stale, 0, Commands(1, 1), []));
        await Task.WhenAll(appends);

        await Assert.ThrowsAsync<JournalConflictException>(() => fenced);
        foreach (var market in markets)
        {
            Assert.Equal(3, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastJournalSequence);
        }

        Assert.Equal(1, (await Store.ReadHeadAsync(stale, CancellationToken.None)).LastJournalSequence);
    }

    [Fact]
    public async Task Batches_of_several_markets_commit_all_or_nothing()
    {
        var good = NewMarket();
        var stale = NewMarket();
        await Store.AppendAsync(stale, 0, Commands(1, 1), [], CancellationToken.None);

        await Assert.ThrowsAsync<JournalConflictException>(() => Store.AppendAsync(
            [new MarketBatch(good, 0, Commands(1, 2), []), new MarketBatch(stale, 0, Commands(1, 1), [])], CancellationToken.None));

        Assert.Equal(0, (await Store.ReadHeadAsync(good, CancellationToken.None)).LastJournalSequence);
    }

    private static List<JournalEntry> Commands(long first, int count) => LedgerRows.Commands(first, count);

    private static List<AllocationRecord> Chain(string market, byte[] prevHash, long firstSequence, long journalSequence, int count) =>
        LedgerRows.Chain(market, prevHash, firstSequence, journalSequence,
            [.. Enumerable.Range(1, count).Select(i => new DateTimeOffset(2026, 11, 27, 23, 59, 1, TimeSpan.Zero).AddTicks(12_340 * i))]);
}
