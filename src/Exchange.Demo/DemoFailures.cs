using System.Globalization;
using Exchange.ApiClient;
using Exchange.ApiClient.Generated.Models;

namespace Exchange.Demo;

/// <summary>
/// Now and then a cluster dies during delivery, so failover can be watched: for every third period of chat-70b, Hainan
/// Compute brings a spot cluster online that sells that period cheaply, and declares it failed a third of the way into
/// its delivery; Pearl River holds a standby cluster's capacity in reserve for that period. What the spot cluster did not
/// deliver goes to the reserve (docs/failover.md), and the regulator's lineage shows where the tokens went. A failed
/// cluster is final, so each spot cluster serves one period.
/// </summary>
public sealed class DemoFailures(ExchangeConnection connection, IReadOnlyDictionary<string, string> keys, DemoMeter meter)
{
    private const string Provider = "hainan-compute";
    private const string Model = "chat-70b";

    private const string StandbyProvider = "pearl-river-gpu";

    private readonly Dictionary<string, Spot> _spots = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private DateTimeOffset _lastHeartbeat = DateTimeOffset.MinValue;

    /// <summary>Arms the next spot cluster, keeps the armed ones alive, and fails any whose moment has come; returns what failed.</summary>
    public async Task<IReadOnlyList<string>> StepAsync(IReadOnlyList<string> markets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var api = connection.As(keys[Provider]);
        // The listed markets follow each other a period apart.
        // Tried once per period: a refusal (the demo's report counts it) leaves that period without a failure.
        if (markets.Count > 2 && markets.Skip(1).FirstOrDefault(m => IsSpotPeriod(OrderFlow.PeriodOf(m))) is { } market && _tried.Add(market))
        {
            _spots[market] = await ArmAsync(market, OrderFlow.PeriodOf(markets[1]) - OrderFlow.PeriodOf(markets[0]), cancellationToken);
        }

        if (now - _lastHeartbeat > TimeSpan.FromSeconds(20))
        {
            _lastHeartbeat = now;
            foreach (var spot in _spots.Values)
            {
                if (!spot.Failed)
                {
                    await api.V1.Clusters[spot.ClusterId].Heartbeat.PostAsync(new HeartbeatRequest { Healthy = true }, cancellationToken: cancellationToken);
                }

                await connection.As(keys[StandbyProvider]).V1.Clusters[spot.StandbyId].Heartbeat
                    .PostAsync(new HeartbeatRequest { Healthy = true }, cancellationToken: cancellationToken);
            }
        }

        var failed = new List<string>();
        foreach (var (id, spot) in _spots.Where(s => !s.Value.Failed && now >= s.Value.FailsAt).ToList())
        {
            await api.V1.Clusters[spot.ClusterId].Fail.PostAsync(new FailClusterRequest { Reason = "demo: spot cluster lost power during delivery" },
                cancellationToken: cancellationToken);
            _spots[id] = spot with { Failed = true };
            failed.Add(spot.ClusterId);
        }

        return failed;
    }

    // Periods are counted in minutes from the epoch; every third starting minute is a spot period.
    private static bool IsSpotPeriod(DateTimeOffset start) => start.ToUnixTimeSeconds() / 60 % 3 == 0;

    private async Task<Spot> ArmAsync(string market, TimeSpan period, CancellationToken cancellationToken)
    {
        var start = OrderFlow.PeriodOf(market);
        var clusterId = $"hn-spot-{start.ToString("MMddHHmm", CultureInfo.InvariantCulture)}";
        var api = connection.As(keys[Provider]);
        var cluster = new DemoCluster(clusterId, "hainan", "H20", 64, 3, [(Model, 30_000)], ["zdr", "no-training", "no-logging"]);
        await api.V1.Clusters.PostAsync(cluster.ToRequest(), cancellationToken: cancellationToken);
        await meter.AddClusterAsync(Provider, clusterId, cancellationToken);
        await api.V1.Orders.PostAsync(new CreateOrderRequest
        {
            ClientOrderId = $"{clusterId}-ask", MarketId = market, Side = "sell", ClusterId = clusterId, Quantity = 2_000_000,
            Price = (DemoCast.BasePrice(Model) * 0.85m).ToString("0.00", CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken);

        // A competitor brings a standby cluster of its own for that period and holds all of it back, priced above the market,
        // so something stands by when the spot cluster dies (buyers whose constraints rule out Guangdong are refunded instead).
        var standbyId = $"gd-standby-{start.ToString("MMddHHmm", CultureInfo.InvariantCulture)}";
        var standby = connection.As(keys[StandbyProvider]);
        await standby.V1.Clusters.PostAsync(new DemoCluster(standbyId, "guangdong", "H800", 64, 2, [(Model, 30_000)], ["zdr", "no-training"]).ToRequest(),
            cancellationToken: cancellationToken);
        await meter.AddClusterAsync(StandbyProvider, standbyId, cancellationToken);
        await standby.V1.Orders.PostAsync(new CreateOrderRequest
        {
            ClientOrderId = $"{standbyId}-reserve", MarketId = market, Side = "sell", ClusterId = standbyId, Quantity = 2_000_000, Reserve = true,
            // Above what the demo's buyers bid (a reserve ask trades like any other before the gate), within what most accept for a replacement.
            Price = (DemoCast.BasePrice(Model) * 1.25m).ToString("0.00", CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken);
        return new Spot(clusterId, standbyId, start + (period / 3), Failed: false);
    }

    private sealed record Spot(string ClusterId, string StandbyId, DateTimeOffset FailsAt, bool Failed);
}
