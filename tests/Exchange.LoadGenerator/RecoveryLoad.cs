using System.Diagnostics;
using System.Globalization;
using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Storage;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Orders;
using Microsoft.Extensions.Configuration;

namespace Exchange.LoadGenerator;

/// <summary>
/// Measures market re-activation: journals N commands for one market exactly as its grain would (through
/// the same deterministic core, with snapshots where its schedule takes them), then times the first call that
/// activates the market on a running silo, which restores the latest snapshot and replays the rest.
/// </summary>
internal static class RecoveryLoad
{
    public static async Task RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        var commands = args.SkipWhile(a => a != "--commands").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1_000_000);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoRoot(), "silo-config", "silo.json"))
            .AddJsonFile(Path.Combine(RepoRoot(), "silo-config", "regions.json"))
            .Build();
        var markets = configuration.GetSection(MarketOptions.SectionName).Get<MarketOptions>()!;
        var attributes = ConfiguredRules.Attributes(configuration.GetSection(CatalogOptions.SectionName).Get<CatalogOptions>()!);

        var period = DateTimeOffset.UtcNow.AddDays(3);
        var marketId = new MarketId($"recovery-{Guid.NewGuid():N}"[..17], new DateTimeOffset(period.Year, period.Month, period.Day, period.Hour, 0, 0, TimeSpan.Zero)).ToString();
        await using var dataSource = ExchangeDataSource.Create(options.ConnectionString);
        var store = new MarketJournalStore(dataSource);
        await using var archive = new OrderArchive(dataSource);
        var core = new MarketCore(marketId, ConfiguredRules.Of(markets, attributes));
        var clock = Stopwatch.StartNew();
        var (allocations, snapshotBytes, snapshotSequence) = await JournalAsync(store, archive, core, markets, commands);
        Console.WriteLine($"journaled {commands} commands ({allocations} allocations, {core.Orders.Count()} resting, last snapshot {snapshotBytes / 1024} KiB at command {snapshotSequence}) in {clock.Elapsed.TotalSeconds:0.0} s");

        var (host, grains) = await LoadClient.ConnectAsync(options);
        using var hostScope = host;
        var market = grains.GetGrain<IMarketGrain>(marketId);
        var activation = Stopwatch.StartNew();
        var book = await market.GetBook(10);
        var seconds = activation.Elapsed.TotalSeconds;
        await host.StopAsync();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT journaled_commands={commands} allocations={allocations} snapshot_kib={snapshotBytes / 1024} replayed_commands={commands - snapshotSequence} activation_s={seconds:0.000} book_sequence={book.Sequence}"));
    }

    private static async Task<(long Allocations, long SnapshotBytes, long SnapshotSequence)> JournalAsync(
        MarketJournalStore store, OrderArchive archive, MarketCore core, MarketOptions markets, int count)
    {
        var random = new Random(7);
        var entries = new List<JournalEntry>();
        var ledger = new List<AllocationRecord>();
        long allocations = 0, snapshotBytes = 0, snapshotSequence = 0, durable = 0;
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var snapshots = new SnapshotSchedule(markets.SnapshotEveryCommands);
        for (var sequence = 1L; sequence <= count; sequence++)
        {
            var command = core.PinFirst(NextCommand(random, sequence, timestamp + sequence));
            var outcome = core.Apply(sequence, command);
            var entry = new JournalEntry(sequence, MarketCommandCodec.Encode(command));
            entries.Add(entry);
            ledger.AddRange(outcome.Allocations);
            allocations += outcome.Allocations.Count;

            // Snapshots when the grain would take them, so the re-activation replays what a live market's would.
            var snapshotDue = snapshots.Journaled(entry.Command.Length);
            if (snapshotDue || sequence % markets.SnapshotEveryCommands == 0 || sequence == count)
            {
                await store.AppendAsync(core.MarketId, durable, entries, ledger, CancellationToken.None);
                durable = sequence;

                // As the grain does: finished orders go to the order store, then leave memory and the snapshots.
                var finished = core.OrdersWhere(o => !o.IsOpen);
                await archive.StoreAsync([.. finished.Select(o => OrderRows.Of(o, core.MarketId, core.PeriodStart))]);
                core.EvictFinished(finished);
                entries.Clear();
                ledger.Clear();
            }

            if (snapshotDue)
            {
                var snapshot = core.ToSnapshot();
                snapshotBytes = snapshot.Length;
                snapshotSequence = sequence;
                snapshots.Taken(snapshot.Length);
                await store.SaveSnapshotAsync(core.MarketId, new MarketSnapshot(sequence, snapshot), CancellationToken.None);
            }
        }

        return (allocations, snapshotBytes, snapshotSequence);
    }

    private static MarketCommand NextCommand(Random random, long sequence, long timestamp)
    {
        var roll = random.Next(100);
        if (roll < 25 && sequence > 10)
        {
            return new CancelCommand(timestamp, random.NextInt64(1, sequence));
        }

        var price = 300_000 + (random.Next(0, 200) * 10_000);
        var quantity = 1_000L * random.Next(1, 30);
        if (random.Next(2) == 0)
        {
            var region = random.Next(2) == 0 ? "hainan" : "guangdong";
            return new PlaceCommand(timestamp, new OrderRequest($"p-{random.Next(20)}", $"c{sequence}", OrderSide.Sell, OrderKind.Limit,
                price + 200_000, quantity, OrderTimeInForce.Gtc, null, false, new SellerCluster($"{region}-{random.Next(10)}", region, 2, ["zdr"]), null, "CN"));
        }

        return new PlaceCommand(timestamp, new OrderRequest($"b-{random.Next(200)}", $"c{sequence}", OrderSide.Buy, OrderKind.Limit,
            price, quantity, roll < 40 ? OrderTimeInForce.Ioc : OrderTimeInForce.Gtc, null, false, null,
            new BuyerConstraints(random.Next(4) == 0 ? ["guangdong"] : [], 0, []), "DE"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the checkout.");
    }
}
