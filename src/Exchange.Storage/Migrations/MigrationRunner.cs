using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Storage.Migrations;

/// <summary>Applies pending migrations in order, each in its own transaction, recording each once.</summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    /// <summary>Applies every migration of <see cref="MigrationCatalog.All"/> not yet recorded; returns how many ran.</summary>
    public Task<int> ApplyAsync(CancellationToken cancellationToken) => ApplyAsync(MigrationCatalog.All, cancellationToken);

    /// <summary>
    /// Applies the given migrations that are not yet recorded; returns how many ran. Silos starting together take turns
    /// through a lock on the history table, which only the exchange's login may take (an advisory lock, used before,
    /// could be held by any login, a regulator's included, and kept every silo from starting).
    /// </summary>
    public async Task<int> ApplyAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CreateHistoryTableAsync(connection, cancellationToken).ConfigureAwait(false);

        var count = 0;
        foreach (var migration in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MigrationSql.LockHistory, cancellationToken).ConfigureAwait(false);
            if (await IsAppliedAsync(connection, transaction, migration.Version, cancellationToken).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand(MigrationSql.RecordApplied, connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            StorageLog.MigrationApplied(logger, migration.Version, migration.Name);
            count++;
        }

        return count;
    }

    // Two silos creating the table at once: one of them fails on the catalog's unique keys (the table's name, or the row
    // type PostgreSQL creates with it: 23505, 42P07 or 42710, whichever it trips first), and then finds it there.
    private static async Task CreateHistoryTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, null, MigrationSql.CreateHistoryTable, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            await ExecuteAsync(connection, null, MigrationSql.CreateHistoryTable, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MigrationSql.IsApplied, connection, transaction);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
