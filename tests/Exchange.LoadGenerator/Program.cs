using System.Diagnostics;
using Exchange.Contracts.Markets;
using Exchange.LoadGenerator;
using Exchange.Markets;

if (args.Length > 0 && args[0] == "recovery")
{
    await RecoveryLoad.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "regulator")
{
    await RegulatorLoad.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "failover")
{
    await FailoverLoad.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "settle")
{
    await SettleLoad.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "meter")
{
    // --batch N readings per batch (500), --allocations N per caller (50); --tenants is the number of clusters.
    var rest = args[1..].ToList();
    int Take(string name, int fallback)
    {
        var at = rest.IndexOf(name);
        if (at < 0 || at + 1 >= rest.Count)
        {
            return fallback;
        }

        var value = int.Parse(rest[at + 1], System.Globalization.CultureInfo.InvariantCulture);
        rest.RemoveRange(at, 2);
        return value;
    }

    var batch = Take("--batch", 500);
    var perCaller = Take("--allocations", 50);
    await MeterLoad.RunAsync(LoadOptions.Parse([.. rest]), batch, perCaller);
    return;
}

if (args.Length > 0 && args[0] == "http")
{
    await HttpLoad.RunAsync(LoadOptions.Parse(args[1..]));
    return;
}

var options = LoadOptions.Parse(args);
var (host, grains) = await LoadClient.ConnectAsync(options);
using var hostScope = host;

// Markets well ahead of gate closure, so none closes during the run.
var start = DateTimeOffset.UtcNow.AddHours(6);
var firstPeriod = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 0, TimeSpan.Zero);
var run = Guid.NewGuid().ToString("N")[..8];

// Markets of their own per run, so earlier runs' books and journals never weigh on this one.
var markets = Enumerable.Range(0, options.Markets).Select(i => new MarketId($"load-{run}", firstPeriod.AddHours(i)).ToString()).ToArray();

var recorder = new LatencyRecorder();
var measured = await MeasuredWindow.RunAsync(options, async (worker, window) =>
{
    var random = new Random(worker);
    var tenant = worker % options.Tenants;
    var seller = tenant % 4 == 0;
    for (var i = 0; !window.Stopping.IsCancellationRequested; i++)
    {
        var request = OrderFlow.Next(random, run, worker, i, tenant, seller);
        var market = grains.GetGrain<IMarketGrain>(markets[random.Next(markets.Length)]);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await market.Place(request);
            if (window.IsOpen)
            {
                recorder.Record(Stopwatch.GetElapsedTime(started));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (window.IsOpen)
            {
                recorder.Fail();
            }
        }
    }
});
await host.StopAsync();

var summary = recorder.Summarize(measured);
Console.WriteLine($"orders acknowledged: {summary.Acknowledged} in {measured.Seconds:0.0} s by {options.Concurrency} concurrent callers over {options.Markets} markets and {options.Tenants} tenants; failures: {summary.Failures}");
summary.WriteResults();
