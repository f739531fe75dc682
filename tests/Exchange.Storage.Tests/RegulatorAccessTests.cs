using Exchange.TestSupport;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>A regulator's own SQL login reads the documented views and nothing else, and writes nowhere.</summary>
public sealed class RegulatorAccessTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private RegulatorLogin _login = null!;
    private NpgsqlDataSource _regulator = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("regulator-access");
        _login = await RegulatorLogin.CreateAsync(_db);
        _regulator = _login.DataSource;
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _login.DisposeAsync();
    }

    [Theory]
    [InlineData("regulator.allocations")]
    [InlineData("regulator.orders")]
    [InlineData("regulator.order_events")]
    public async Task The_regulator_role_reads_the_documented_views(string view)
    {
        await using var command = _regulator.CreateCommand($"SELECT count(*) FROM {view}");
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_regulator_role_reads_the_settled_horizon()
    {
        await using var command = _regulator.CreateCommand("SELECT settled_before FROM regulator.ledger_horizon");
        Assert.Equal(DateTime.MinValue, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("SELECT * FROM api_keys")]
    [InlineData("SELECT * FROM idempotency_keys")]
    [InlineData("SELECT * FROM allocations")]
    [InlineData("SELECT * FROM market_journal_batches")]
    [InlineData("SELECT * FROM ledger_horizon")]
    [InlineData("UPDATE regulator.ledger_horizon SET settled_before = now()")]
    [InlineData("SELECT * FROM orleansstorage")]
    [InlineData("INSERT INTO regulator.allocations (allocation_id) VALUES ('x')")]
    [InlineData("DELETE FROM regulator.orders")]
    [InlineData("UPDATE regulator.allocations SET quantity = 1")]
    [InlineData("INSERT INTO api_keys (key_id, tenant_id, role, secret_hash) VALUES ('k', 't', 'operator', decode(repeat('00', 32), 'hex'))")]
    [InlineData("CREATE TABLE public.mine (id int)")]
    [InlineData("CREATE VIEW regulator.mine AS SELECT 1")]
    public async Task The_regulator_role_can_read_no_table_and_write_nothing(string sql)
    {
        await using var command = _regulator.CreateCommand(sql);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }
}
