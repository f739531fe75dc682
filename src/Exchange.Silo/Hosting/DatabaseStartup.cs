using Exchange.Storage.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Silo.Hosting;

/// <summary>Brings the schema up to date before the silo starts, waiting a while for PostgreSQL to come up.</summary>
internal sealed class DatabaseStartup(MigrationRunner runner, IOptions<SiloHostingOptions> options, ILogger<DatabaseStartup> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(options.Value.StartupDatabaseWaitSeconds);
        while (true)
        {
            try
            {
                var applied = await runner.ApplyAsync(cancellationToken);
                SiloLog.SchemaReady(logger, applied);
                return;
            }
            // A lock timeout: another silo is applying a migration, or a foreign transaction holds a table one needs.
            catch (NpgsqlException ex) when ((ex.IsTransient || ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }) && DateTime.UtcNow < deadline)
            {
                SiloLog.WaitingForDatabase(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
