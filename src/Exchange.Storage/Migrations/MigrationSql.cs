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

    // Conflicts with itself, not with readers: one silo applies a migration while the others wait their turn, however long
    // that migration takes (only silos take it: it is granted to no one else). The migration's own statements then wait
    // for locks no longer than any other statement of the exchange.
    public const string LockHistory = """
        SET LOCAL lock_timeout = '10min';
        LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE;
        SET LOCAL lock_timeout TO DEFAULT
        """;

    public const string IsApplied = "SELECT 1 FROM schema_migrations WHERE version = @version";

    public const string RecordApplied = "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)";
}
