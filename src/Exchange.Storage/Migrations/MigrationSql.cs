namespace Exchange.Storage.Migrations;

/// <summary>The SQL that keeps the migration history.</summary>
internal static class MigrationSql
{
    public const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    // Conflicts with itself, not with readers: one silo applies a migration while the others wait their turn. Granted to
    // no one else, so no other login can take it.
    public const string LockHistory = "LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE";

    public const string IsApplied = "SELECT 1 FROM schema_migrations WHERE version = @version";

    public const string RecordApplied = "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)";
}
