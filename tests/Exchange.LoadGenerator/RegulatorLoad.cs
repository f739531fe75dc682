using System.Diagnostics;
using System.Globalization;
using Exchange.Markets;
using Exchange.Storage;
using Exchange.Storage.Ledger;
using Exchange.Storage.Migrations;
using Exchange.Storage.Regulator;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.LoadGenerator;

/// <summary>
/// Regulator queries at scale: seeds a database of its own with N allocations over D days (hash-chained per market, with
/// the journal rows they reference), then times what a regulator does through the same storage code the endpoints use:
/// filtered pages, a one-day summary, a full export to CSV text, and verification of every chain.
/// </summary>
internal static class RegulatorLoad
{
    private static readonly string[] Models = ["chat-70b", "chat-8b", "embed-1b"];
    private static readonly string[] Jurisdictions = ["DE", "US", "SG", "JP", "GB", "FR", "NL", "CA", "AU", "KR", "IN", "BR", "AE", "CH", "SE", "IT", "ES", "MX", "ID", "TH"];

    public static async Task RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var admin = args.SkipWhile(a => a != "--connection").Skip(1).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Exchange") ?? throw new ArgumentException("--connection is required");
        var total = long.Parse(Arg("--allocations", "10000000"), CultureInfo.InvariantCulture);
        var days = int.Parse(Arg("--days", "30"), CultureInfo.InvariantCulture);
        var database = Arg("--database", "exchange_regulator_bench");

        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database, CommandTimeout = 0 }.ConnectionString;
        await using var dataSource = ExchangeDataSource.Create(connection);
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        if (!await SeededAsync(admin, database, dataSource, total))
        {
            await SeedAsync(dataSource, total, days, start);
        }

        var queries = new AllocationQueries(dataSource);
        var random = new Random(7);
        var end = start.AddDays(days);
        DateTimeOffset Day() => start.AddDays(random.Next(days - 1));
        var filters = new (string Name, Func<AllocationFilter> Make)[]
        {
            ("region + 1 day", () => { var d = Day(); return new AllocationFilter { Region = random.Next(2) == 0 ? "hainan" : "guangdong", From = d, To = d.AddDays(1) }; }),
            ("buyer + 30 days", () => new AllocationFilter { BuyerId = $"buyer-{random.Next(200)}", From = start, To = end }),
            ("provider + 1 day", () => { var d = Day(); return new AllocationFilter { ProviderId = $"provider-{random.Next(20)}", From = d, To = d.AddDays(1) }; }),
            ("cluster + 7 days", () => { var d = Day(); return new AllocationFilter { ClusterId = $"cluster-{random.Next(100)}", From = d, To = d.AddDays(7) }; }),
            ("jurisdiction + 1 day", () => { var d = Day(); return new AllocationFilter { BuyerJurisdiction = Jurisdictions[random.Next(Jurisdictions.Length)], From = d, To = d.AddDays(1) }; }),
            ("model + 1 day", () => { var d = Day(); return new AllocationFilter { Model = Models[random.Next(3)], From = d, To = d.AddDays(1) }; }),
            ("delivery 1 day + 30 days", () => { var d = Day(); return new AllocationFilter { DeliveryFrom = d, DeliveryTo = d.AddDays(1), From = start, To = end }; }),
            ("delivery 10 days + 30 days", () => { var d = start.AddDays(random.Next(days - 10)); return new AllocationFilter { DeliveryFrom = d, DeliveryTo = d.AddDays(10), From = start, To = end }; }),
            ("delivery from a day on", () => new AllocationFilter { DeliveryFrom = Day(), From = start, To = end }),
        };
        foreach (var (name, make) in filters)
        {
            var times = new List<double>();
            for (var i = 0; i < 40; i++)
            {
                var filter = make();
                var clock = Stopwatch.StartNew();
                var page = await queries.ReadAsync(filter, null, 100, CancellationToken.None);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (page.Count == 100 && i % 2 == 0)
                {
                    // The next page of the same query too, as a regulator paging through would ask for it.
                    var last = page[^1];
                    clock.Restart();
                    await queries.ReadAsync(filter, new AllocationCursor(last.MatchedAt, last.MarketId, last.Sequence), 100, CancellationToken.None);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine($"page of 100, {name,-26} p50 {times[times.Count / 2],7:0.0} ms   p95 {times[(int)(times.Count * 0.95)],7:0.0} ms   (target p95 <= 50 ms)");
        }

        var summary = new LedgerSummary(dataSource);
        var summaryTimes = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var d = Day();
            var clock = Stopwatch.StartNew();
            await summary.SummarizeAsync(new AllocationFilter { From = d, To = d.AddDays(1) }, ["region", "jurisdiction"], CancellationToken.None);
            summaryTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        summaryTimes.Sort();
        Console.WriteLine($"one-day summary by region x jurisdiction: p50 {summaryTimes[5]:0} ms, worst {summaryTimes[^1]:0} ms (target <= 250 ms)");

        var exportClock = Stopwatch.StartNew();
        long exported = 0;
        await using (var sink = new StreamWriter(Stream.Null))
        {
            await foreach (var row in queries.StreamAsync(new AllocationFilter(), CancellationToken.None))
            {
                await sink.WriteLineAsync(string.Join(',', row.AllocationId, row.MarketId, row.Model, row.PeriodStart.ToString("O", CultureInfo.InvariantCulture),
                    row.BuyerId, row.BuyerJurisdiction, row.ProviderId, row.ClusterId, row.Region, row.Quantity, row.PriceMicros, row.Notional,
                    row.MatchedAt.ToString("O", CultureInfo.InvariantCulture), row.Sequence, Convert.ToHexStringLower(row.Hash)));
                exported++;
            }
        }

        Console.WriteLine($"full export: {exported:N0} rows in {exportClock.Elapsed.TotalSeconds:0.0} s = {exported / exportClock.Elapsed.TotalSeconds:N0} rows/s (target >= 200,000)");

        var verifyClock = Stopwatch.StartNew();
        var verified = await new ChainVerifier(dataSource).VerifyAsync(null, null, CancellationToken.None);
        Console.WriteLine($"verify: ok={verified.Ok}, {verified.Checked:N0} allocations in {verifyClock.Elapsed.TotalSeconds:0.0} s (target <= 60 s)");
    }

    /// <summary>Creates the bench database when missing; true when it already holds the wanted number of allocations.</summary>
    private static async Task<bool> SeededAsync(string admin, string database, NpgsqlDataSource dataSource, long total)
    {
        await using (var server = NpgsqlDataSource.Create(admin))
        {
            await using var exists = server.CreateCommand($"SELECT count(*) FROM pg_database WHERE datname = '{database}'");
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                await using var create = server.CreateCommand($"CREATE DATABASE {database}");
                await create.ExecuteNonQueryAsync();
            }
        }

        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(MigrationCatalog.All, CancellationToken.None);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM allocations");
        var have = (long)(await count.ExecuteScalarAsync())!;
        if (have == total)
        {
            Console.WriteLine($"bench database {database} already holds {have:N0} allocations");
            return true;
        }

        await using var clear = dataSource.CreateCommand(
            "ALTER TABLE allocations DISABLE TRIGGER allocations_no_truncate; TRUNCATE allocations, ledger_checkpoints, market_journal_batches CASCADE; ALTER TABLE allocations ENABLE TRIGGER allocations_no_truncate");
        await clear.ExecuteNonQueryAsync();
        return false;
    }

    /// <summary>N allocations spread evenly over every hourly market of D days, each market's chain hashed as the exchange would.</summary>
    private static async Task SeedAsync(NpgsqlDataSource dataSource, long total, int days, DateTimeOffset start)
    {
        var clock = Stopwatch.StartNew();
        var markets = days * 24 * Models.Length;
        var perMarket = total / markets;
        var random = new Random(1);
        await using var connection = await dataSource.OpenConnectionAsync();
        // One journal row per market holding its commands (one-byte placeholders): the regulator reads only the ledger.
        await using (var journal = await connection.BeginBinaryImportAsync(
            "COPY market_journal_batches (market_id, first_sequence, last_sequence, commands) FROM STDIN (FORMAT BINARY)"))
        {
            for (var m = 0; m < markets; m++)
            {
                var count = perMarket + (m < total % markets ? 1 : 0);
                await journal.StartRowAsync();
                await journal.WriteAsync(MarketName(m, start), NpgsqlDbType.Text);
                await journal.WriteAsync(1L, NpgsqlDbType.Bigint);
                await journal.WriteAsync(count, NpgsqlDbType.Bigint);
                await journal.WriteAsync(Placeholders(count), NpgsqlDbType.Bytea);
            }

            await journal.CompleteAsync();
        }

        Console.WriteLine($"seeded the journal rows in {clock.Elapsed.TotalSeconds:0} s");
        long written = 0;
        await using (var ledger = await connection.BeginBinaryImportAsync("""
            COPY allocations (market_id, sequence, allocation_id, journal_sequence, model, period_start, period_end, buyer_id, buyer_jurisdiction,
                buy_order_id, provider_id, cluster_id, region, sell_order_id, quantity, price_micros, notional, matched_at, prev_hash, hash)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var m = 0; m < markets; m++)
            {
                var marketId = MarketName(m, start);
                var model = Models[m % Models.Length];
                var period = start.AddHours(m / Models.Length);
                var count = perMarket + (m < total % markets ? 1 : 0);
                var previous = AllocationHasher.Genesis.ToArray();
                for (long s = 1; s <= count; s++)
                {
                    // Matched during the two days before delivery, in order.
                    var matched = period.AddHours(-48).AddTicks((long)(TimeSpan.FromHours(48).Ticks * (s / (double)(count + 1))));
                    var buyer = random.Next(200);
                    var provider = random.Next(20);
                    var record = new AllocationRecord(marketId, s, $"{marketId}.a{s}", s, model, period, period.AddHours(1),
                        $"buyer-{buyer}", Jurisdictions[buyer % Jurisdictions.Length], $"{marketId}.{s}", $"provider-{provider}",
                        $"cluster-{(provider * 5) + random.Next(5)}", provider % 2 == 0 ? "hainan" : "guangdong", $"{marketId}.{s}",
                        1_000L * random.Next(1, 2_000), 10_000L * random.Next(20, 80), matched, previous, []);
                    var hash = AllocationHasher.Hash(previous, record);
                    await ledger.StartRowAsync();
                    await ledger.WriteAsync(marketId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(s, NpgsqlDbType.Bigint);
                    await ledger.WriteAsync(record.AllocationId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(s, NpgsqlDbType.Bigint);
                    await ledger.WriteAsync(model, NpgsqlDbType.Text);
                    await ledger.WriteAsync(period.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await ledger.WriteAsync(period.AddHours(1).UtcDateTime, NpgsqlDbType.TimestampTz);
                    await ledger.WriteAsync(record.BuyerId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.BuyerJurisdiction, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.BuyOrderId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.ProviderId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.ClusterId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.Region, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.SellOrderId, NpgsqlDbType.Text);
                    await ledger.WriteAsync(record.Quantity, NpgsqlDbType.Bigint);
                    await ledger.WriteAsync(record.PriceMicros, NpgsqlDbType.Bigint);
                    await ledger.WriteAsync(record.Notional, NpgsqlDbType.Numeric);
                    await ledger.WriteAsync(matched.UtcDateTime, NpgsqlDbType.TimestampTz);
                    await ledger.WriteAsync(previous, NpgsqlDbType.Bytea);
                    await ledger.WriteAsync(hash, NpgsqlDbType.Bytea);
                    previous = hash;
                    if (++written % 1_000_000 == 0)
                    {
                        Console.WriteLine($"  {written:N0} allocations written ({clock.Elapsed.TotalSeconds:0} s)");
                    }
                }
            }

            await ledger.CompleteAsync();
        }

        // The exchange appends allocations as they are matched, so its table lies in match order; this seeder writes market
        // by market. Laid out like production, the time-range reads touch the pages production's would, and verification
        // (which reads each market's chain in turn) pays for the scattering that production's would.
        await using var cluster = connection.CreateCommand();
        cluster.CommandText = "CLUSTER allocations USING ix_allocations_matched_at";
        cluster.CommandTimeout = 0;
        await cluster.ExecuteNonQueryAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE allocations";
        await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"seeded {written:N0} allocations over {markets} markets in {clock.Elapsed.TotalSeconds:0} s");
    }

    // A journal row of `count` one-byte commands: each a big-endian length of 1 and a zero byte.
    private static byte[] Placeholders(long count)
    {
        var row = new byte[count * 5];
        for (long i = 0; i < count; i++)
        {
            row[(i * 5) + 3] = 1;
        }

        return row;
    }

    private static string MarketName(int index, DateTimeOffset start) =>
        string.Create(CultureInfo.InvariantCulture, $"{Models[index % Models.Length]}.{start.AddHours(index / Models.Length):yyyyMMdd'T'HHmm}");
}
