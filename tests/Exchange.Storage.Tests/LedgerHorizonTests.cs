using System.Collections.Concurrent;
using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

/// <summary>
/// The settled horizon: pages read in match order up to it never skip a row that commits later, because writers refuse
/// rows behind it. A database of its own, since a settled horizon refuses the old match times other tests write.
/// </summary>
public sealed class LedgerHorizonTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private MarketJournalStore Store => new(fixture.Database.DataSource);

    private LedgerHorizon Horizon => new(fixture.Database.DataSource);

    private static string NewMarket() => $"chat-70b.{Guid.NewGuid():N}";

    private async Task<DateTimeOffset> SettleAsync(TimeSpan bound) => (await Horizon.SettleAsync(bound, TimeSpan.Zero, CancellationToken.None)).Horizon;

    [Fact]
    public async Task A_batch_with_allocations_matched_before_the_horizon_is_refused_whole()
    {
        var horizon = await SettleAsync(TimeSpan.Zero);
        var market = NewMarket();
        var late = LedgerRows.Chain(market, AllocationHasher.Genesis.ToArray(), 1, 2, [horizon.AddMinutes(5), horizon.AddSeconds(-1)]);

        await Assert.ThrowsAsync<LedgerHorizonPassedException>(() => Store.AppendAsync(market, 0, LedgerRows.Commands(1, 2), late, CancellationToken.None));

        var head = await Store.ReadHeadAsync(market, CancellationToken.None);
        Assert.Equal(0, head.LastJournalSequence);
        Assert.Equal(0, head.LastAllocationSequence);
        var onTime = LedgerRows.Chain(market, AllocationHasher.Genesis.ToArray(), 1, 2, [horizon.AddMinutes(5), horizon.AddMinutes(6)]);
        await Store.AppendAsync(market, 0, LedgerRows.Commands(1, 2), onTime, CancellationToken.None);
        Assert.Equal(2, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastAllocationSequence);
    }

    [Fact]
    public async Task A_late_market_fails_alone_in_a_shared_transaction()
    {
        var horizon = await SettleAsync(TimeSpan.Zero);
        var (onTime, late) = (NewMarket(), NewMarket());
        MarketBatch Batch(string market, TimeSpan offset) =>
            new(market, 0, LedgerRows.Commands(1, 1), LedgerRows.Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, [horizon + offset]));

        // In one transaction, the late batch takes the other down with it...
        await Assert.ThrowsAsync<LedgerHorizonPassedException>(() =>
            Store.AppendAsync([Batch(onTime, TimeSpan.FromMinutes(5)), Batch(late, TimeSpan.FromMinutes(-5))], CancellationToken.None));
        Assert.Equal(0, (await Store.ReadHeadAsync(onTime, CancellationToken.None)).LastJournalSequence);

        // ...so the silo's writer, which groups batches of many markets, commits them one by one and only the late one fails.
        await using var writer = new JournalWriter(Store);
        var good = writer.AppendAsync(Batch(onTime, TimeSpan.FromMinutes(5)));
        var refused = writer.AppendAsync(Batch(late, TimeSpan.FromMinutes(-5)));
        await good;
        await Assert.ThrowsAsync<LedgerHorizonPassedException>(() => refused);
        Assert.Equal(1, (await Store.ReadHeadAsync(onTime, CancellationToken.None)).LastAllocationSequence);
        Assert.Equal(0, (await Store.ReadHeadAsync(late, CancellationToken.None)).LastJournalSequence);
    }

    [Fact]
    public async Task The_horizon_trails_the_database_clock_by_the_bound_and_never_moves_back()
    {
        var previous = await Horizon.ReadAsync(CancellationToken.None);
        var near = await Horizon.SettleAsync(TimeSpan.FromSeconds(30), TimeSpan.Zero, CancellationToken.None);
        var far = await Horizon.SettleAsync(TimeSpan.FromHours(1), TimeSpan.Zero, CancellationToken.None);

        var trailing = near.DatabaseClock - TimeSpan.FromSeconds(30);
        Assert.Equal(previous > trailing ? previous : trailing, near.Horizon, TimeSpan.FromMilliseconds(50));
        Assert.Equal(near.Horizon, far.Horizon);
        Assert.Equal(near.Horizon, await Horizon.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_horizon_another_silo_just_moved_is_left_alone()
    {
        var first = await Horizon.SettleAsync(TimeSpan.FromSeconds(1), TimeSpan.Zero, CancellationToken.None);
        var second = await Horizon.SettleAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(second.Moved);
        Assert.Equal(first.Horizon, second.Horizon);
    }

    /// <summary>The gate of migration 0019: a writer in flight is inside it, so the horizon cannot move past its rows.</summary>
    [Fact]
    public async Task The_horizon_waits_for_the_writer_in_flight_and_gives_up_the_round_rather_than_stall()
    {
        var before = await Horizon.ReadAsync(CancellationToken.None);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var share = new Npgsql.NpgsqlCommand("SELECT enter_ledger_gate()", connection, transaction))
        {
            await share.ExecuteNonQueryAsync();
        }

        var blocked = await Horizon.SettleAsync(TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None);

        Assert.False(blocked.Moved);
        Assert.Equal(before, blocked.Horizon);
        await transaction.CommitAsync();
        Assert.True((await Horizon.SettleAsync(TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None)).Moved);
    }

    /// <summary>
    /// Journal batches run without an explicit transaction, in the implicit one of their single protocol Sync. The ledger
    /// gate's lock they take is transaction-scoped, so it must be held until that implicit transaction ends, not just for
    /// the statement that took it.
    /// </summary>
    [Fact]
    public async Task A_batch_stays_inside_the_ledger_gate_until_its_implicit_transaction_ends()
    {
        var before = await Horizon.ReadAsync(CancellationToken.None);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var batch = new Npgsql.NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new Npgsql.NpgsqlBatchCommand("SELECT enter_ledger_gate()"),
                new Npgsql.NpgsqlBatchCommand("SELECT pg_sleep(1.5)"),
            },
        };
        var writing = batch.ExecuteNonQueryAsync();
        await Task.Delay(500);
        var inFlight = !writing.IsCompleted;
        var blocked = await Horizon.SettleAsync(TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None);
        await writing;

        Assert.True(inFlight);
        Assert.False(blocked.Moved);
        Assert.Equal(before, blocked.Horizon);
        Assert.True((await Horizon.SettleAsync(TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None)).Moved);
    }

    /// <summary>
    /// Four writers stamp their allocations with the time of the match and commit them up to 600 ms later, so commits
    /// arrive out of match order, as from several silos, and some arrive behind the horizon (bound 400 ms) and are refused.
    /// A reader walks pages of five the whole time, each time up to the horizon as it stands. When all is committed and
    /// settled, the walk must be exactly the ledger: every row once, in order.
    /// </summary>
    [Fact]
    public async Task Pages_walked_while_allocations_arrive_never_skip_or_repeat_a_row()
    {
        var model = $"walk-{Guid.NewGuid():N}"[..20];
        var filter = new AllocationFilter { Model = model };
        var queries = new AllocationQueries(fixture.Database.DataSource);
        var bound = TimeSpan.FromMilliseconds(400);
        using var writing = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var refused = 0;

        async Task WriteAsync(int writer)
        {
            var random = new Random(writer);
            var markets = Enumerable.Range(0, 3).Select(_ => (Id: $"{model}.{Guid.NewGuid():N}", Journal: 0L, Chain: 0L, Hash: AllocationHasher.Genesis.ToArray())).ToArray();
            while (!writing.IsCancellationRequested)
            {
                var m = random.Next(markets.Length);
                var (id, journal, chain, hash) = markets[m];
                var matchedAt = DateTimeOffset.UtcNow;
                var rows = LedgerRows.Chain(id, hash, chain + 1, journal + 1, [.. Enumerable.Repeat(matchedAt, random.Next(1, 4))], model);
                await Task.Delay(random.Next(0, 600));
                try
                {
                    await Store.AppendAsync(id, journal, LedgerRows.Commands(journal + 1, 1), rows, CancellationToken.None);
                    markets[m] = (id, journal + 1, rows[^1].Sequence, rows[^1].Hash);
                }
                catch (LedgerHorizonPassedException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }

        async Task KeepSettlingAsync()
        {
            while (!writing.IsCancellationRequested)
            {
                await Horizon.SettleAsync(bound, TimeSpan.Zero, CancellationToken.None);
                await Task.Delay(50);
            }
        }

        var walked = new ConcurrentQueue<AllocationRecord>();
        async Task WalkAsync(Task everythingWritten)
        {
            AllocationCursor? cursor = null;
            while (true)
            {
                var finished = everythingWritten.IsCompleted;
                var horizon = await Horizon.ReadAsync(CancellationToken.None);
                var page = await queries.ReadAsync(filter.Before(horizon), cursor, 5, CancellationToken.None);
                foreach (var row in page)
                {
                    walked.Enqueue(row);
                }

                if (page.Count > 0)
                {
                    cursor = new AllocationCursor(page[^1].MatchedAt, page[^1].MarketId, page[^1].Sequence);
                }
                else if (finished)
                {
                    return;
                }
                else
                {
                    await Task.Delay(10);
                }
            }
        }

        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(WriteAsync).Append(KeepSettlingAsync()));
        var everythingSettled = writers.ContinueWith(async _ =>
        {
            // Past the last possible match time, so the final pages see every committed row.
            await Task.Delay(bound + TimeSpan.FromMilliseconds(100));
            await Horizon.SettleAsync(bound, TimeSpan.Zero, CancellationToken.None);
        }, TaskScheduler.Default).Unwrap();
        await Task.WhenAll(writers, everythingSettled, WalkAsync(everythingSettled));

        var ledger = await queries.ReadAsync(filter, null, 100_000, CancellationToken.None);
        Assert.True(ledger.Count > 20, $"only {ledger.Count} allocations were written");
        Assert.True(refused > 0, "no batch came late, so the writers' check was not exercised");
        Assert.Equal(ledger.Select(r => r.AllocationId), walked.Select(r => r.AllocationId));
    }
}
