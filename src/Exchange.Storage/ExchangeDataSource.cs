using Npgsql;

namespace Exchange.Storage;

/// <summary>Builds the <see cref="NpgsqlDataSource"/>s a process uses to reach the exchange database: one for the exchange, one per budget of long reads.</summary>
public static class ExchangeDataSource
{
    /// <summary>The configuration key of the connection string (<c>ConnectionStrings:Exchange</c>).</summary>
    public const string ConnectionStringName = "Exchange";

    /// <summary>How long a statement of the exchange waits for a lock before it fails, unless the connection string says otherwise.</summary>
    public const int LockTimeoutMilliseconds = 2_000;

    private const string DefaultApplicationName = "token-exchange";

    /// <summary>Creates a data source for the given connection string.</summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Configure(builder.ConnectionStringBuilder, "");
        return builder.Build();
    }

    /// <summary>
    /// A data source of its own for long reads (regulators' exports, summaries, verification): at most
    /// <paramref name="maxConnections"/> connections, a caller waits at most <paramref name="waitSeconds"/> for one (then
    /// fails, and is answered 503), every statement ends after <paramref name="statementSeconds"/>, and nothing it runs can
    /// write. However slowly its callers read, they hold none of the connections order entry needs.
    /// </summary>
    public static NpgsqlDataSource CreateForReads(string connectionString, string name, int maxConnections, int waitSeconds, int statementSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = name };
        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName = $"{settings.ApplicationName ?? DefaultApplicationName}-{name}";
        settings.MaxPoolSize = maxConnections;
        settings.MinPoolSize = 0;
        settings.Timeout = waitSeconds;
        Configure(settings, $" -c default_transaction_read_only=on -c statement_timeout={statementSeconds}s");
        return builder.Build();
    }

    private static void Configure(NpgsqlConnectionStringBuilder settings, string moreOptions)
    {
        settings.ApplicationName ??= DefaultApplicationName;

        // The journal, ledger and order store statements repeat thousands of times a second; prepared once
        // per connection, PostgreSQL skips parsing and planning them (a connection string may override).
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 32;
        }

        // PostgreSQL's JIT compiles large scans: a one-day ledger summary spent 30 of its 190 ms compiling. No statement
        // of ours runs long enough to earn that back (a connection string that sets Options keeps its own).
        var options = settings.Options ?? "-c jit=off";

        // Our own writers hold their locks for one short transaction. A wait longer than this is behind something
        // abnormal (a frozen process's open transaction, a foreign login's long one before a migration): the statement
        // fails, and the order is answered 503 or the migration retried, rather than everything queueing behind it.
        if (!options.Contains("lock_timeout", StringComparison.Ordinal))
        {
            options += $" -c lock_timeout={LockTimeoutMilliseconds}";
        }

        settings.Options = options + moreOptions;
    }
}
