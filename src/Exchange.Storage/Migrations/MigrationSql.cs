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

    public const string ReadApplied = "SELECT version FROM schema_migrations";

    public const string RecordApplied = "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)";
}
