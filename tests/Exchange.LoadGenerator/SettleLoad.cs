using System.Diagnostics;
using System.Globalization;
using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Storage;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Metering;
using Exchange.Storage.Migrations;
using Exchange.Storage.Settlement;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.LoadGenerator;

/// <summary>
/// Measures settlement itself, with no silo: N allocations of one delivery period, each with two signed readings, are
/// written to a database of their own; then the runs that fund them, settle their first interval and close them are
/// timed, exactly as the silos' runner calls them (on a clock set to each moment), and the ledger is replayed.
/// </summary>
internal static class SettleLoad
{
    private const int PerMarket = 1_000;
    private const long Quantity = 10_000_000;

    // Before the ledger's horizon (the database's clock), so settlement may fund it; runs are handed their moment.
    private static readonly DateTimeOffset Period = new(2026, 1, 7, 9, 0, 0, TimeSpan.Zero);

    private static readonly SettlementConfiguration Configuration = new(
        SettlementTerms.Default, new DeliverySchedule(IntervalSeconds: 1800, GraceSeconds: 900),
        new Dictionary<string, TokenWeights> { ["chat-70b"] = new(1m, 0.25m, 4m) });

    public static async Task RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault(fallback);
        var admin = new NpgsqlConnectionStringBuilder(Arg("--connection", "")) { Pooling = false };
        var count = int.Parse(Arg("--allocations", "100000"), CultureInfo.InvariantCulture) / PerMarket * PerMarket;
        var steps = int.Parse(Arg("--steps", "10000"), CultureInfo.InvariantCulture);
        var name = $"settle_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync(admin.ConnectionString, $"CREATE DATABASE {name}");
        try
        {
            await using var dataSource = ExchangeDataSource.Create(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString);
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
            var setup = Stopwatch.StartNew();
            var ids = await WriteAllocationsAsync(dataSource, count);
            await WriteReadingsAsync(dataSource, ids);
            await new LedgerHorizon(dataSource).SettleAsync(TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None);
            Console.WriteLine($"wrote {count} allocations and {2 * count} readings in {setup.Elapsed.TotalSeconds:0.0} s");

            var store = new SettlementStore(dataSource);
            var fund = await TimeRunsAsync(store, Period.AddSeconds(1), steps);
            var interval = await TimeRunsAsync(store, Period.AddMinutes(30), steps);
            var close = await TimeRunsAsync(store, Period.AddMinutes(75), steps);
            var replay = Stopwatch.StartNew();
            var differences = (await new SettlementReplay(dataSource).DifferencesAsync(CancellationToken.None)).Count;
            var replaySeconds = replay.Elapsed.TotalSeconds;
            await using var open = dataSource.CreateCommand("SELECT count(*) FROM ledger_accounts WHERE kind = 'Escrow' AND balance <> 0");
            var openEscrows = (long)(await open.ExecuteScalarAsync())!;
            await using var counted = dataSource.CreateCommand("SELECT count(*) FROM ledger_transfers");
            var transfers = (long)(await counted.ExecuteScalarAsync())!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SETTLE allocations={count} steps_per_run={steps} fund_s={fund.Seconds:0.00} fund_runs={fund.Runs} interval_s={interval.Seconds:0.00} interval_runs={interval.Runs} close_s={close.Seconds:0.00} close_runs={close.Runs} transfers={transfers} replay_s={replaySeconds:0.00} differences={differences} open_escrows={openEscrows}"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin.ConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>Runs settlement at <paramref name="now"/> until a run finds nothing more due; the time and the runs it took.</summary>
    private static async Task<(double Seconds, int Runs)> TimeRunsAsync(SettlementStore store, DateTimeOffset now, int steps)
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while ((await store.RunAsync(now, Configuration, steps, CancellationToken.None)).RunId != 0)
        {
            runs++;
        }

        return (clock.Elapsed.TotalSeconds, runs);
    }

    private static async Task<List<string>> WriteAllocationsAsync(NpgsqlDataSource dataSource, int count)
    {
        var journal = new MarketJournalStore(dataSource);
        var ids = new List<string>(count);
        var matchedAt = DateTimeOffset.UtcNow;
        for (var m = 0; m < count / PerMarket; m++)
        {
            var market = new MarketId($"bench{m}", Period).ToString();
            var prevHash = AllocationHasher.Genesis.ToArray();
            var rows = new List<AllocationRecord>(PerMarket);
            for (var i = 1; i <= PerMarket; i++)
            {
                var record = new AllocationRecord(market, i, AllocationIds.Format(market, i), 1, "chat-70b", Period, Period.AddHours(1),
                    $"buyer-{i % 50}", "DE", $"{market}.b{i}", $"provider-{i % 20}", $"cluster-{i % 20}", i % 2 == 0 ? "hainan" : "guangdong", $"{market}.s1",
                    Quantity, 400_000, matchedAt, prevHash, []);
                prevHash = AllocationHasher.Hash(prevHash, record);
                rows.Add(record with { Hash = prevHash });
                ids.Add(record.AllocationId);
            }

            await journal.AppendAsync(market, 0, [new JournalEntry(1, [1])], rows, CancellationToken.None);
        }

        return ids;
    }

    // Interval 1 settles reading 1 (3 M token-equivalents, every request on time); the close settles reading 2 (6 M,
    // 80 % on time: a 50 % credit) and refunds the other 4 M.
    private static async Task WriteReadingsAsync(NpgsqlDataSource dataSource, List<string> ids)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var pem = MeterSignature.ReadPublicKey(key.ExportSubjectPublicKeyInfoPem())!.Value;
        await new MeterKeyStore(dataSource).RegisterAsync("cluster-bench", pem.KeyId, pem.Pem, CancellationToken.None);
        var readings = new MeterReadingStore(dataSource);
        foreach (var chunk in ids.Chunk(PerMarket))
        {
            await readings.AppendAsync("cluster-bench", pem.KeyId, new byte[] { 1 }, "bench", [.. chunk.SelectMany(id => new[]
            {
                new MeterReading(id, 1, Period.AddMinutes(10), new MeterCounters(2_000_000, 0, 250_000, 100, 100, 0)),
                new MeterReading(id, 2, Period.AddMinutes(50), new MeterCounters(4_000_000, 400_000, 500_000, 200, 180, 0)),
            })], CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
