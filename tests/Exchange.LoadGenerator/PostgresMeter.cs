using System.Globalization;
using Npgsql;

namespace Exchange.LoadGenerator;

/// <summary>
/// What PostgreSQL did over the measured window, per acknowledged order: commits, rows inserted and updated, WAL bytes
/// and full-page images. CPU per order alone cannot say whether an order costs more because each piece of work got
/// dearer (a slower machine) or because there was more work per order (smaller group commits, more pages first touched
/// after a checkpoint); these counts can. Silent when the database cannot be read.
/// </summary>
internal sealed class PostgresMeter
{
    private const string Counters = """
        SELECT d.xact_commit, d.tup_inserted, d.tup_updated, w.wal_records, w.wal_fpi, w.wal_bytes
        FROM pg_stat_database AS d, pg_stat_wal AS w
        WHERE d.datname = current_database()
        """;

    private readonly string _connectionString;
    private readonly decimal[] _start;
    private decimal[]? _end;

    private PostgresMeter(string connectionString, decimal[] start)
    {
        _connectionString = connectionString;
        _start = start;
    }

    /// <summary>Starts measuring now; null without a connection string or when the counters cannot be read.</summary>
    public static async Task<PostgresMeter?> StartAsync(string connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return null;
        }

        var start = await TakeAsync(connectionString);
        return start is null ? null : new PostgresMeter(connectionString, start);
    }

    /// <summary>Ends the measurement now. PostgreSQL publishes a backend's counts within a second, so the window must be longer.</summary>
    public async Task StopAsync() => _end ??= await TakeAsync(_connectionString);

    /// <summary>The line to print, spread over <paramref name="orders"/>.</summary>
    public string Report(long orders)
    {
        if (_end is null || orders == 0)
        {
            return "PG per_order unavailable";
        }

        decimal Per(int i) => (_end[i] - _start[i]) / orders;
        return string.Create(CultureInfo.InvariantCulture,
            $"PG per_order commits={Per(0):0.000} rows_inserted={Per(1):0.00} rows_updated={Per(2):0.00} wal_records={Per(3):0.0} wal_fpi={Per(4):0.000} wal_bytes={Per(5):0}");
    }

    private static async Task<decimal[]?> TakeAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Counters, connection);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            return [.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToDecimal(reader.GetValue(i), CultureInfo.InvariantCulture))];
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
