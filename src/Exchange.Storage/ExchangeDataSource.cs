using Npgsql;

namespace Exchange.Storage;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> a process uses to reach the exchange database.</summary>
public static class ExchangeDataSource
{
    /// <summary>The configuration key of the connection string (<c>ConnectionStrings:Exchange</c>).</summary>
    public const string ConnectionStringName = "Exchange";

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
        builder.ConnectionStringBuilder.Options ??= "-c jit=off";
        return builder.Build();
    }
}
