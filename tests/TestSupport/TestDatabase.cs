using Exchange.Storage;
using Exchange.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.TestSupport;

/// <summary>A database of its own for one test class: created empty, optionally migrated, dropped at the end.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        DataSource = ExchangeDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates a fresh database; with <paramref name="migrate"/> it carries the current schema.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, bool migrate = true, string? adminConnectionString = null)
    {
        adminConnectionString ??= await PostgresServer.GetConnectionStringAsync();
        // At most 2 + 20 + 1 + 32 characters: inside PostgreSQL's 63-byte identifier limit.
        var name = $"t_{Sanitize(purpose)}_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        var database = new TestDatabase(adminConnectionString, name, connectionString);
        if (migrate)
        {
            await new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        }

        return database;
    }

    /// <summary>Runs a scalar query against this database.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var admin = new NpgsqlConnection(_adminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // A test that stopped its own server leaves nothing to drop here; the database dies with its data directory.
        }
    }

    private static string Sanitize(string purpose)
    {
        var chars = purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray();
        return new string(chars);
    }
}
