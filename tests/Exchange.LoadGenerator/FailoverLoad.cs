using System.Diagnostics;
using System.Globalization;
using Exchange.ApiClient;
using Exchange.ApiClient.Generated;
using Exchange.ApiClient.Generated.Models;
using Npgsql;

namespace Exchange.LoadGenerator;

/// <summary>
/// Failover's bench (issue 18): a cluster in delivery of N allocations (10,000) fails, and another provider's reserve ask
/// stands by. Trades them over HTTP in a one-minute market, waits until settlement has funded them at the period's
/// start, declares the cluster failed, and times from the failure journaled to the first and to the last re-allocation
/// finished (replaced or refunded), in the database's own clock (FAILOVER line). Checks that each parent got its child.
/// </summary>
internal static class FailoverLoad
{
    private const long Quantity = 1_000_000;
    private const int AllocationsPerAsk = 1_000;

    public static async Task RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        var url = Arg("--url", "http://127.0.0.1:5180");
        var key = Arg("--key", "");
        var connectionString = Arg("--connection", "");
        var count = int.Parse(Arg("--allocations", "10000"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Arg("--concurrency", "16"), CultureInfo.InvariantCulture);

        var run = Guid.NewGuid().ToString("N")[..8];
        using var connection = ExchangeConnection.Open(new Uri(url), concurrency + 8);
        var api = connection.As(key);
        var failing = connection.As(await MeterLoad.TenantAsync(api, $"fo-{run}-hn", "provider"));
        var reserving = connection.As(await MeterLoad.TenantAsync(api, $"fo-{run}-gd", "provider"));
        var buyer = connection.As(await MeterLoad.TenantAsync(api, $"fo-{run}-b", "buyer"));
        var failingCluster = await ClusterAsync(failing, $"fo-{run}-hn1", "hainan");
        var reserveCluster = await ClusterAsync(reserving, $"fo-{run}-gd1", "guangdong");

        // Both clusters heartbeat, as live ones do: a silent one turns suspect after a minute and its asks are withdrawn.
        using var alive = new CancellationTokenSource();
        var heartbeats = Task.Run(async () =>
        {
            using var every = new PeriodicTimer(TimeSpan.FromSeconds(10));
            do
            {
                await reserving.V1.Clusters[reserveCluster].Heartbeat.PostAsync(new HeartbeatRequest { Healthy = true }, cancellationToken: alive.Token);
                if (!alive.IsCancellationRequested)
                {
                    await failing.V1.Clusters[failingCluster].Heartbeat.PostAsync(new HeartbeatRequest { Healthy = true }, cancellationToken: alive.Token);
                }
            }
            while (await every.WaitForNextTickAsync(alive.Token));
        });

        // A market with time to trade N bids before its gate (the silo runs one-minute periods).
        var page = await api.V1.Markets.GetAsync(request =>
        {
            request.QueryParameters.Model = "chat-70b";
            request.QueryParameters.Status = "open";
            request.QueryParameters.Limit = 1000;
        });
        var market = page!.Items!.First(m => m.PeriodStart > DateTimeOffset.UtcNow.AddSeconds(20 + (count / 500)));
        var setup = Stopwatch.StartNew();
        for (var a = 0; a * AllocationsPerAsk < count; a++)
        {
            var lots = Math.Min(AllocationsPerAsk, count - (a * AllocationsPerAsk));
            await failing.V1.Orders.PostAsync(Order($"{run}-ask{a}", market.MarketId!, "sell", "0.40", Quantity * lots, failingCluster));
            await reserving.V1.Orders.PostAsync(Order($"{run}-reserve{a}", market.MarketId!, "sell", "0.45", Quantity * lots, reserveCluster, reserve: true));
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, token) =>
            await buyer.V1.Orders.PostAsync(Order($"{run}-bid{i}", market.MarketId!, "buy", "0.40", Quantity, null), cancellationToken: token));
        Console.WriteLine($"Traded {count} allocations of {failingCluster} in {market.MarketId} in {setup.Elapsed.TotalSeconds:0.0} s; waiting for their period");

        await using var database = NpgsqlDataSource.Create(connectionString);
        await UntilAsync(database, "SELECT count(*) FROM settlement_allocations WHERE cluster_id = @cluster", failingCluster, count, TimeSpan.FromMinutes(5));
        await alive.CancelAsync();
        await heartbeats.ContinueWith(_ => { }, TaskScheduler.Default);
        await failing.V1.Clusters[failingCluster].Fail.PostAsync(new FailClusterRequest { Reason = "bench: the whole cluster lost power" });
        await UntilAsync(database, "SELECT count(*) FROM failover_allocations WHERE cluster_id = @cluster AND finished_at IS NOT NULL", failingCluster, count,
            TimeSpan.FromMinutes(5));

        await using var command = database.CreateCommand("""
            SELECT extract(epoch FROM min(f.finished_at) - h.at), extract(epoch FROM max(f.finished_at) - h.at),
                   sum(f.reallocated), sum(f.released), (SELECT count(*) FROM allocations a WHERE a.parent_allocation_id = ANY(array_agg(f.parent_allocation_id)))
            FROM failover_allocations f JOIN cluster_health h ON h.cluster_id = f.cluster_id AND h.status = 'Failed'
            WHERE f.cluster_id = @cluster GROUP BY h.at
            """);
        command.Parameters.AddWithValue("cluster", failingCluster);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (first, all) = (reader.GetDecimal(0), reader.GetDecimal(1));
        var (reallocated, released, children) = (reader.GetDecimal(2), reader.GetDecimal(3), reader.GetInt64(4));
        Console.WriteLine($"Failover of {count} allocations: first finished {first:0.000} s after the failure, all {all:0.000} s; "
            + $"{reallocated} token-equivalents replaced by {children} allocations, {released} refunded");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FAILOVER allocations={count} first_s={first:0.000} all_s={all:0.000} replacements={children} refunded_tokens={released}"));
    }

    private static async Task UntilAsync(NpgsqlDataSource database, string sql, string cluster, long wanted, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var command = database.CreateCommand(sql);
            command.Parameters.AddWithValue("cluster", cluster);
            if ((long)(await command.ExecuteScalarAsync())! >= wanted)
            {
                return;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for: {sql}");
            }

            await Task.Delay(50);
        }
    }

    // Buyers accept a replacement up to 0.50, above the reserve's 0.45: each is replaced, and the failed provider pays 0.05 of cover.
    private static CreateOrderRequest Order(string id, string market, string side, string price, long quantity, string? cluster, bool reserve = false) => new()
    {
        ClientOrderId = id, MarketId = market, Side = side, Price = price, Quantity = quantity, ClusterId = cluster, Reserve = reserve ? true : null,
        Failover = side == "buy" ? new FailoverRequest { MaxPrice = "0.50" } : null,
    };

    private static async Task<string> ClusterAsync(ExchangeClient provider, string clusterId, string region)
    {
        await provider.V1.Clusters.PostAsync(new RegisterClusterRequest
        {
            ClusterId = clusterId, Region = region, Accelerator = "H100", GpuCount = 1024, Tier = 2,
            Models = [new ModelThroughputRequest { Model = "chat-70b", TokensPerSecond = 1_000_000_000 }], DataPolicies = ["zdr"],
        });
        return clusterId;
    }
}
