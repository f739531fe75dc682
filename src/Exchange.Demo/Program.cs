using Exchange.ApiClient;
using Exchange.ApiClient.Generated.Models;
using Exchange.Demo;
using Microsoft.Kiota.Abstractions;

// scripts/run.sh --demo runs this against the silo it started: dotnet Exchange.Demo.dll URL OPERATOR_KEY [ORDERS_PER_SECOND]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Exchange.Demo URL OPERATOR_KEY [ORDERS_PER_SECOND]");
    return 2;
}

var rate = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
using var connection = ExchangeConnection.Open(new Uri(args[0]));
var operatorApi = connection.As(args[1]);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

// A rerun finds its tenants and clusters unchanged (creation is idempotent by id) and makes new keys.
var keys = new Dictionary<string, string>();
foreach (var provider in DemoCast.Providers)
{
    await DemoTenants.CreateAsync(operatorApi, provider.Id, "provider", provider.Name, "CN", new QuotaRequest
    {
        CreditLimit = "0", MaxTokensPerPeriod = 0, MaxOpenOrders = 5_000, OrdersPerSecond = 50, Status = "active",
    });
    keys[provider.Id] = await DemoTenants.NewKeyAsync(operatorApi, provider.Id);
    foreach (var cluster in provider.Clusters)
    {
        await connection.As(keys[provider.Id]).V1.Clusters.PostAsync(cluster.ToRequest());
    }
}

foreach (var buyer in DemoCast.Buyers)
{
    await DemoTenants.CreateAsync(operatorApi, buyer.Id, "buyer", buyer.Name, buyer.Jurisdiction, new QuotaRequest
    {
        CreditLimit = "1000000", MaxTokensPerPeriod = 1_000_000_000_000, MaxOpenOrders = 5_000, OrdersPerSecond = 50, Status = "active",
    });
    keys[buyer.Id] = await DemoTenants.NewKeyAsync(operatorApi, buyer.Id);
}

await DemoTenants.CreateAsync(operatorApi, DemoCast.RegulatorId, "regulator", "Cross-border Compute Audit Office", "CN", quota: null);
keys[DemoCast.RegulatorId] = await DemoTenants.NewKeyAsync(operatorApi, DemoCast.RegulatorId);

using var meter = new DemoMeter(connection, keys);
await meter.StartAsync(stop.Token);
var receipts = new DemoReceipts(connection, keys, meter);
var failures = new DemoFailures(connection, keys, meter);
var lastReading = DateTimeOffset.MinValue;
long metered = 0;
long received = 0;

Console.WriteLine("Demo tenants and their API keys (shown once; new keys each run):");
foreach (var (tenant, key) in keys)
{
    Console.WriteLine($"  {tenant,-18} {key}");
}

Console.WriteLine($"Order flow: about {rate} orders/s. Try: curl -H 'Authorization: Bearer {keys["sakura-jp"]}' {args[0].TrimEnd('/')}/v1/allocations");

var random = new Random(7);
var placed = 0;
var filled = 0;
var refused = new Dictionary<string, int>();
var open = new Queue<(string Tenant, string OrderId)>();
var lastHeartbeat = DateTimeOffset.MinValue;
var lastReport = DateTimeOffset.UtcNow;
using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / Math.Max(1, rate)));
var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
try
{
    while (await tick.WaitForNextTickAsync(stop.Token))
    {
        var now = DateTimeOffset.UtcNow;
        if (now - lastHeartbeat > TimeSpan.FromSeconds(20))
        {
            lastHeartbeat = now;
            foreach (var provider in DemoCast.Providers)
            {
                foreach (var cluster in provider.Clusters)
                {
                    try
                    {
                        await connection.As(keys[provider.Id]).V1.Clusters[cluster.ClusterId].Heartbeat.PostAsync(new HeartbeatRequest { Healthy = true }, cancellationToken: stop.Token);
                    }
                    catch (ApiException refusal) when (refusal is not { ResponseStatusCode: >= 500 })
                    {
                        // A cluster someone declared failed takes no heartbeat (failed is final); the others go on.
                        Count("heartbeat ", refusal);
                    }
                }
            }
        }

        if (now - lastReading >= DeliveryCurve.Step)
        {
            lastReading = now;
            try
            {
                metered += await meter.MeterAsync(now, refusal => Count("readings ", refusal), stop.Token);
                received += await receipts.SendAsync(now, stop.Token);
            }
            catch (ApiException refusal) when (refusal is not { ResponseStatusCode: >= 500 })
            {
                Count("readings ", refusal);
            }
        }

        // Trade the coming twelve periods: near ones see the most interest.
        var model = DemoCast.Models[random.Next(DemoCast.Models.Length)];
        var markets = await DemoTenants.OpenMarketsAsync(operatorApi, model, stop.Token);
        if (model == "chat-70b")
        {
            try
            {
                foreach (var cluster in await failures.StepAsync(markets, now, stop.Token))
                {
                    Console.WriteLine($"demo: cluster {cluster} failed during delivery; its remainder goes to reserve asks (GET /v1/regulator/allocations/<id>/lineage)");
                }
            }
            catch (ApiException refusal) when (refusal is not { ResponseStatusCode: >= 500 })
            {
                Count("failover ", refusal);
            }
        }

        var market = markets[Math.Min(markets.Count - 1, (int)(random.NextDouble() * random.NextDouble() * 12))];
        var clientOrderId = $"demo-{run}-{placed}";
        string tenant;
        CreateOrderRequest order;
        if (random.Next(3) == 0)
        {
            var provider = DemoCast.Providers[random.Next(DemoCast.Providers.Length)];
            var serving = provider.Clusters.Where(c => c.Models.Any(m => m.Model == model)).ToArray();
            var cluster = serving[random.Next(serving.Length)];
            (tenant, order) = (provider.Id, OrderFlow.Ask(random, clientOrderId, market, cluster, OrderFlow.PeriodOf(market)));
        }
        else
        {
            var buyer = DemoCast.Buyers[random.Next(DemoCast.Buyers.Length)];
            if (!OrderFlow.IsDaytime(buyer, now) && random.Next(5) != 0)
            {
                continue;
            }

            (tenant, order) = (buyer.Id, OrderFlow.Bid(random, clientOrderId, market, buyer));
        }

        placed++;
        try
        {
            var answer = (await connection.As(keys[tenant]).V1.Orders.PostAsync(order, cancellationToken: stop.Token))!;
            filled += answer.FilledQuantity > 0 ? 1 : 0;
            if (answer.RemainingQuantity > 0)
            {
                open.Enqueue((tenant, answer.OrderId!));
            }
        }
        catch (ApiException refusal) when (refusal is not { ResponseStatusCode: >= 500 })
        {
            Count("", refusal);
        }

        // Keep books realistic: the oldest resting orders are withdrawn as new ones arrive.
        while (open.Count > 400)
        {
            var (owner, orderId) = open.Dequeue();
            await connection.As(keys[owner]).V1.Orders[orderId].DeleteAsync(cancellationToken: stop.Token);
        }

        if (now - lastReport > TimeSpan.FromSeconds(15))
        {
            lastReport = now;
            Console.WriteLine($"demo: {placed} orders placed, {filled} traded on arrival, {metered} readings metered, {received} receipts, refused: {(refused.Count == 0 ? "none" : string.Join(", ", refused.Select(r => $"{r.Key} {r.Value}")))}");
        }
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

return 0;

// Refusals are counted by what was refused and why, for the periodic report.
void Count(string what, ApiException refusal)
{
    var reason = what + DemoTenants.Reason(refusal);
    refused[reason] = refused.GetValueOrDefault(reason) + 1;
}
