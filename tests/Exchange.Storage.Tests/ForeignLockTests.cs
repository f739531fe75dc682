using Exchange.Markets;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Migrations;
using Exchange.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>No other login to the database, a regulator's least of all, can hold a lock that the exchange waits for.</summary>
public sealed class ForeignLockTests : IAsyncLifetime
{
    // The advisory keys the ledger (migration 0011) and the migrations used before they had locks of their own.
    private static readonly long[] FormerAdvisoryKeys = [4705219571077301586, 0x45584348_4D494752];

    private static readonly string[] Modes =
    [
        "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE",
    ];

    private TestDatabase _db = null!;
    private RegulatorLogin _login = null!;
    private NpgsqlDataSource _regulator = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("foreign-locks");
        _login = await RegulatorLogin.CreateAsync(_db);
        _regulator = _login.DataSource;
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _login.DisposeAsync();
    }

    [Fact]
    public async Task A_regulator_holding_every_lock_it_can_take_stalls_no_writer_no_horizon_and_no_migration()
    {
        await using var regulator = await _regulator.OpenConnectionAsync();
        await using var transaction = await regulator.BeginTransactionAsync();
        var held = await TakeEveryLockAsync(regulator, transaction);
        Assert.Contains("ACCESS SHARE regulator.allocations", held);
        Assert.DoesNotContain(held, h => h.EndsWith(" ledger_gate", StringComparison.Ordinal) || h.EndsWith(" schema_migrations", StringComparison.Ordinal));
        Assert.DoesNotContain(held, h => !h.StartsWith("ACCESS SHARE ", StringComparison.Ordinal) && !h.StartsWith("advisory", StringComparison.Ordinal));

        // Bounded: before the ledger and the migrations had locks of their own, each of these waited forever.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var store = new MarketJournalStore(_db.DataSource);
        var market = $"chat-70b.{Guid.NewGuid():N}";
        var prevHash = AllocationHasher.Genesis.ToArray();
        for (var i = 0; i < 20; i++)
        {
            var allocations = LedgerRows.Chain(market, prevHash, i + 1, i + 1, [DateTimeOffset.UtcNow]);
            await store.AppendAsync(market, i, LedgerRows.Commands(i + 1, 1), allocations, timeout.Token);
            prevHash = allocations[^1].Hash;
        }

        Assert.True((await new LedgerHorizon(_db.DataSource).SettleAsync(TimeSpan.Zero, TimeSpan.Zero, timeout.Token)).Moved);
        Assert.Equal(0, await new MigrationRunner(_db.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(timeout.Token));
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task No_login_but_the_exchange_may_touch_the_ledger_gate_or_the_migration_history()
    {
        foreach (var table in (string[])["ledger_gate", "schema_migrations"])
        {
            Assert.False(await _db.ScalarAsync<bool>($"SELECT has_table_privilege('exchange_regulator', '{table}', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')"));
            Assert.False(await _db.ScalarAsync<bool>($"SELECT has_table_privilege('{_login.Role}', '{table}', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')"));
        }

        await using var command = _regulator.CreateCommand("SELECT enter_ledger_gate()");
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    /// <summary>Every advisory key the exchange ever used, and every relation the login can name in every mode, without waiting; returns what it got.</summary>
    private static async Task<List<string>> TakeEveryLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var held = new List<string>();
        foreach (var key in FormerAdvisoryKeys)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_lock({key})");
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({key})");
            held.Add($"advisory {key}");
        }

        var relations = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relkind IN ('r', 'v', 'p', 'm') AND n.nspname IN ('public', 'regulator') ORDER BY 1", connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                relations.Add(reader.GetString(0));
            }
        }

        foreach (var relation in relations)
        {
            foreach (var mode in Modes)
            {
                await ExecuteAsync(connection, transaction, "SAVEPOINT attempt");
                try
                {
                    await ExecuteAsync(connection, transaction, $"LOCK TABLE {relation} IN {mode} MODE NOWAIT");
                    await ExecuteAsync(connection, transaction, "RELEASE SAVEPOINT attempt");
                    held.Add($"{mode} {relation.Replace("public.", "", StringComparison.Ordinal)}");
                }
                catch (PostgresException)
                {
                    await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT attempt");
                }
            }
        }

        return held;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
