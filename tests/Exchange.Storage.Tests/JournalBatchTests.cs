using Exchange.Storage.Journal;
using Exchange.Storage.Migrations;
using Exchange.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Storage.Tests;

/// <summary>One journal row per market batch (migration 0022): what the rows hold and how the old rows were carried over.</summary>
public sealed class JournalBatchTests(MigratedDatabaseFixture fixture) : IClassFixture<MigratedDatabaseFixture>
{
    private MarketJournalStore Store => new(fixture.Database.DataSource);

    private static string NewMarket() => $"chat-70b.{Guid.NewGuid():N}";

    [Fact]
    public async Task A_batch_is_one_row_and_reads_back_from_any_command_within_it()
    {
        var market = NewMarket();
        await Store.AppendAsync(market, 0, LedgerRows.Commands(1, 3), [], CancellationToken.None);
        await Store.AppendAsync(market, 3, LedgerRows.Commands(4, 5), [], CancellationToken.None);
        await Store.AppendAsync(market, 8, LedgerRows.Commands(9, 1), [], CancellationToken.None);

        Assert.Equal(3, await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM market_journal_batches WHERE market_id = '{market}'"));
        Assert.Equal([6L, 7L, 8L, 9L], (await Store.ReadAsync(market, 5, CancellationToken.None).ToListAsync()).Select(c => c.Sequence));
        Assert.Equal([4L, 5L, 6L, 7L, 8L, 9L], (await Store.ReadAsync(market, 3, CancellationToken.None).ToListAsync()).Select(c => c.Sequence));
        Assert.Empty(await Store.ReadAsync(market, 9, CancellationToken.None).ToListAsync());
        Assert.Equal(LedgerRows.Commands(6, 1)[0].Command, await Store.ReadCommandAsync(market, 6, CancellationToken.None));
        Assert.Equal(LedgerRows.Commands(9, 1)[0].Command, await Store.ReadCommandAsync(market, 9, CancellationToken.None));
        Assert.Null(await Store.ReadCommandAsync(market, 10, CancellationToken.None));
        Assert.Equal(9, (await Store.ReadHeadAsync(market, CancellationToken.None)).LastJournalSequence);
    }

    [Fact]
    public async Task Commands_of_every_size_survive_the_row_form()
    {
        var market = NewMarket();
        JournalEntry[] commands = [new(1, []), new(2, [7]), new(3, new byte[70_000]), new(4, [0, 0, 0, 1])];
        commands[2].Command[69_999] = 42;

        await Store.AppendAsync(market, 0, commands, [], CancellationToken.None);

        var read = await Store.ReadAsync(market, 0, CancellationToken.None).ToListAsync();
        Assert.Equal(commands.Select(c => c.Sequence), read.Select(c => c.Sequence));
        Assert.All(commands.Zip(read), pair => Assert.Equal(pair.First.Command, pair.Second.Command));
    }

    [Fact]
    public async Task Commands_journaled_one_row_each_before_migration_22_read_back_unchanged()
    {
        await using var db = await TestDatabase.CreateAsync("journal-batches", migrate: false);
        var runner = new MigrationRunner(db.DataSource, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync([.. MigrationCatalog.All.Where(m => m.Version < 22)], CancellationToken.None);
        await db.ScalarAsync<object?>("""
            INSERT INTO market_journal (market_id, sequence, command) VALUES
                ('m-1', 1, '\x0a0b'), ('m-1', 2, '\x'), ('m-1', 3, '\x0c'), ('m-2', 1, '\xff');
            SELECT NULL
            """);

        await runner.ApplyAsync(CancellationToken.None);

        var store = new MarketJournalStore(db.DataSource);
        var first = await store.ReadAsync("m-1", 0, CancellationToken.None).ToListAsync();
        Assert.Equal([1L, 2L, 3L], first.Select(c => c.Sequence));
        Assert.Equal([[0x0a, 0x0b], [], [0x0c]], first.Select(c => c.Command));
        Assert.Equal([0xff], await store.ReadCommandAsync("m-2", 1, CancellationToken.None));
        Assert.Equal(3, (await store.ReadHeadAsync("m-1", CancellationToken.None)).LastJournalSequence);

        // The market goes on where its old rows end.
        await store.AppendAsync("m-1", 3, LedgerRows.Commands(4, 2), [], CancellationToken.None);
        Assert.Equal([4L, 5L], (await store.ReadAsync("m-1", 3, CancellationToken.None).ToListAsync()).Select(c => c.Sequence));
    }
}
