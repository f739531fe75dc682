using Exchange.TestSupport;
using Xunit.Abstractions;

namespace Exchange.Silo.Tests.Faults;

/// <summary>PostgreSQL goes away under order load and comes back: the exchange says 503 meanwhile, loses nothing, and resumes by itself.</summary>
[Collection(FaultCollection.Name)]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Workers = 12;

    [Fact]
    public async Task Order_entry_answers_503_while_PostgreSQL_is_down_loses_nothing_and_is_back_to_full_rate_within_5_s()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var db = await TestDatabase.CreateAsync("pg-restart", migrate: false, adminConnectionString: postgres.ConnectionString);
        var bootstrap = $"boot-{Guid.NewGuid():N}";
        await using var silo = SiloProcess.Start(db.ConnectionString, $"pg-restart-{Guid.NewGuid():N}", GenerousQuotas(bootstrap));
        await silo.WaitReadyAsync();
        var load = await HttpOrderLoad.SetUpAsync(silo.Http, bootstrap);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync([silo.Http], Workers, stop.Token);

        // A steady state first (the silo's code optimised, the book grown a little): the rate the return is measured against.
        await Task.Delay(TimeSpan.FromSeconds(15));
        var steady = load.AcknowledgedPerSecond(load.Now - 5_000, 5);

        await postgres.StopAsync();
        var down = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(15));
        // PostgreSQL accepts commits before the start script returns (it still checks the server afterwards), so "down"
        // ends when the start begins: an order acknowledged in between was acknowledged by a running database.
        var restarting = load.Now;
        await postgres.StartAgainAsync();
        var back = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await running;

        // This machine's speed drifts by a quarter within a minute even without a fault, so "full rate" is the lower of the
        // rate before the stop and the rate the exchange settles at 6-10 s after the return; that one must not have fallen
        // far, or the restart left the exchange crippled.
        var baseline = steady.Average();
        var after = load.AcknowledgedPerSecond(back, 10);
        var settled = after.Skip(5).Average();
        var fullRate = Math.Min(baseline, settled);
        var fullRateAfter = after.Select((count, second) => (Count: count, Second: second + 1)).FirstOrDefault(b => b.Count >= 0.8 * fullRate, (Count: 0, Second: int.MaxValue)).Second;
        var whileDown = load.Answers.Where(a => a.SentAt >= down + 500 && a.AnsweredAt < restarting).ToList();
        output.WriteLine($"steady {string.Join(' ', steady)} /s; while down {whileDown.Count} answers; after the return {string.Join(' ', after)} /s; 80 % of full rate ({fullRate:0}/s) in the {fullRateAfter}. second");

        // While it is down, every order is refused for now, never acknowledged and never left without an answer.
        Assert.NotEmpty(whileDown);
        Assert.All(whileDown, a => Assert.True(a.Status == 503 && a.RetryAfter && a.ProblemType!.EndsWith("/unavailable", StringComparison.Ordinal), $"{a.ClientOrderId}: {a.Status} {a.ProblemType}"));
        Assert.True(fullRateAfter <= 5, $"order entry was back to 80 % of {fullRate:0}/s only in second {fullRateAfter} after PostgreSQL returned");
        Assert.True(settled >= 0.5 * baseline, $"order entry settled at {settled:0}/s after PostgreSQL returned, against {baseline:0}/s before");

        // Whatever was refused, retried with its client order id, is placed once; everything acknowledged is in the journals.
        var retried = await load.RetryUnacknowledgedAsync(silo.Http, TimeSpan.FromSeconds(30));
        Assert.All(retried, a => Assert.True(a.Status is 200 or 201, $"retry of {a.ClientOrderId}: {a.Status} {a.ProblemType}"));
        var allocations = await JournalVerifier.VerifyAsync(db, load.Markets, load.Acknowledged());
        Assert.False(silo.HasExited, silo.Output);
        output.WriteLine($"acknowledged {load.Acknowledged().Count}, retried {retried.Count}, allocations {allocations}");
    }

    /// <summary>The silo's arguments: an operator key, and default quotas no load of this test reaches.</summary>
    internal static string[] GenerousQuotas(string bootstrap) =>
    [
        $"--Exchange:BootstrapKey={bootstrap}",
        "--Tenants:DefaultCreditLimit=1000000000",
        "--Tenants:DefaultMaxOpenOrders=1000000",
        "--Tenants:DefaultOrdersPerSecond=1000000",
        "--Clusters:SuspectAfterSeconds=86400",
        "--Silo:Dashboard=false",
    ];
}
