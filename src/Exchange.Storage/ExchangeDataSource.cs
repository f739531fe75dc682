using Npgsql;

namespace Exchange.Storage;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> a process uses to reach the exchange database.</summary>
public static class ExchangeDataSource
{
    /// <summary>The configuration key of the connection string (<c>ConnectionStrings:Exchange</c>).</summary>
    public const string ConnectionStringName = "Exchange";

    /// <summary>How long a statement of the exchange waits for a lock before it fails, unless the connection string says otherwise.</summary>
    public const int LockTimeoutMilliseconds = 2_000;

    /// <summary>Creates a data source for the given connection string.</summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "token-exchange";

        // The journal, ledger and order store statements repeat thousands of times a second; prepared once
        // per connection, PostgreSQL skips parsing and planning them (a connection string may override).
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        // PostgreSQL's JIT compiles large scans: a one-day ledger summary spent 30 of its 190 ms compiling. No statement
        // of ours runs long enough to earn that back (a connection string that sets Options keeps its own).
        var settings = builder.ConnectionStringBuilder.Options ?? "-c jit=off";

        // Our own writers hold their locks for one short transaction. A wait longer than this is behind something
        // abnormal (a frozen process's open transaction, a foreign login's long one before a migration): the statement
        // fails, and the order is answered 503 or the migration retried, rather than everything queueing behind it.
        if (!settings.Contains("lock_timeout", StringComparison.Ordinal))
        {
            settings += $" -c lock_timeout={LockTimeoutMilliseconds}";
        }

        builder.ConnectionStringBuilder.Options = settings;
        return builder.Build();
    }
}
