using System.Net;
using Exchange.ApiClient;
using Exchange.Demo;

// scripts/run.sh --demo runs this against the silo it started: dotnet Exchange.Demo.dll URL OPERATOR_KEY [ORDERS_PER_SECOND]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Exchange.Demo URL OPERATOR_KEY [ORDERS_PER_SECOND]");
    return 2;
}

var rate = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
var operatorApi = ExchangeApi.Connect(new Uri(args[0]), args[1]);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

var keys = new Dictionary<string, string>();
foreach (var provider in DemoCast.Providers)
{
    await operatorApi.CreateTenantAsync(provider.Id, "provider", provider.Name, "CN");
    await operatorApi.SetQuotaAsync(provider.Id, 0m, 0, 5_000, 50);
    keys[provider.Id] = await operatorApi.CreateKeyAsync(provider.Id);
    foreach (var cluster in provider.Clusters)
    {
        await operatorApi.As(keys[provider.Id]).RegisterClusterAsync(cluster);
    }
}

foreach (var buyer in DemoCast.Buyers)
{
    await operatorApi.CreateTenantAsync(buyer.Id, "buyer", buyer.Name, buyer.Jurisdiction);
    await operatorApi.SetQuotaAsync(buyer.Id, 1_000_000m, 1_000_000_000_000, 5_000, 50);
    keys[buyer.Id] = await operatorApi.CreateKeyAsync(buyer.Id);
}

await operatorApi.CreateTenantAsync(DemoCast.RegulatorId, "regulator", "Cross-border Compute Audit Office", "CN");
keys[DemoCast.RegulatorId] = await operatorApi.CreateKeyAsync(DemoCast.RegulatorId);

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
                    await operatorApi.As(keys[provider.Id]).HeartbeatAsync(cluster.ClusterId, stop.Token);
                }
            }
        }

        // Trade the coming twelve hours: near periods see the most interest.
        var model = DemoCast.Models[random.Next(DemoCast.Models.Length)];
        var markets = await operatorApi.OpenMarketsAsync(model, stop.Token);
        var market = markets[Math.Min(markets.Count - 1, (int)(random.NextDouble() * random.NextDouble() * 12))];
        var clientOrderId = $"demo-{run}-{placed}";
        string tenant;
        OrderSpec order;
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

        var (status, body) = await operatorApi.As(keys[tenant]).PlaceOrderAsync(order, stop.Token);
        placed++;
        if (status == HttpStatusCode.Created)
        {
            filled += body.GetProperty("filledQuantity").GetInt64() > 0 ? 1 : 0;
            if (body.GetProperty("remainingQuantity").GetInt64() > 0)
            {
                open.Enqueue((tenant, body.GetProperty("orderId").GetString()!));
            }
        }
        else
        {
            var type = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("type", out var t) ? t.GetString()! : status.ToString();
            refused[type[(type.LastIndexOf('/') + 1)..]] = refused.GetValueOrDefault(type[(type.LastIndexOf('/') + 1)..]) + 1;
        }

        // Keep books realistic: the oldest resting orders are withdrawn as new ones arrive.
        while (open.Count > 400)
        {
            var (owner, orderId) = open.Dequeue();
            await operatorApi.As(keys[owner]).CancelOrderAsync(orderId, stop.Token);
        }

        if (now - lastReport > TimeSpan.FromSeconds(15))
        {
            lastReport = now;
            Console.WriteLine($"demo: {placed} orders placed, {filled} traded on arrival, refused: {(refused.Count == 0 ? "none" : string.Join(", ", refused.Select(r => $"{r.Key} {r.Value}")))}");
        }
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

return 0;
