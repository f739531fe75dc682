using Exchange.TestSupport;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>A throwaway SQL login in the role <c>exchange_regulator</c>, as an operator would hand a regulator; dropped afterwards.</summary>
internal sealed class RegulatorLogin : IAsyncDisposable
{
    private RegulatorLogin(string role, NpgsqlDataSource dataSource)
    {
        Role = role;
        DataSource = dataSource;
    }

    public string Role { get; }

    /// <summary>Connections of the login, unpooled.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<RegulatorLogin> CreateAsync(TestDatabase database)
    {
        var role = $"reg_{Guid.NewGuid():N}"[..20];
        await database.ScalarAsync<object?>($"CREATE ROLE {role} LOGIN PASSWORD 'regulator-pw' IN ROLE exchange_regulator; SELECT NULL");
        var login = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = "regulator-pw", Pooling = false };
        return new RegulatorLogin(role, NpgsqlDataSource.Create(login.ConnectionString));
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = NpgsqlDataSource.Create(await PostgresServer.GetConnectionStringAsync());
        await using var drop = admin.CreateCommand($"DROP ROLE IF EXISTS {Role}");
        await drop.ExecuteNonQueryAsync();
    }
}
