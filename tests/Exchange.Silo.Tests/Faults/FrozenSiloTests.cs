using Exchange.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Silo.Tests.Faults;

/// <summary>
/// A silo frozen (SIGSTOP) for longer than the membership timeout is declared dead and its markets move to the other
/// silo. When it wakes up (SIGCONT) it still believes it hosts them: those stale activations must write nothing the journal
/// does not already say.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FrozenSiloTests(ITestOutputHelper output)
{
    // Every row written to the exchange's tables, with the connection's application name: which silo wrote it.
    private const string AuditSql = """
        CREATE TABLE write_audit (id bigserial PRIMARY KEY, writer text NOT NULL, tbl text NOT NULL);
        CREATE FUNCTION audit_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO write_audit (writer, tbl) VALUES (current_setting('application_name'), TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON market_journal_batches FOR EACH ROW EXECUTE FUNCTION audit_write();
        CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON allocations FOR EACH ROW EXECUTE FUNCTION audit_write();
        CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION audit_write();
        CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON market_snapshots FOR EACH ROW EXECUTE FUNCTION audit_write();
        CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON holder_markets FOR EACH ROW EXECUTE FUNCTION audit_write();
        CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON orleansstorage FOR EACH ROW EXECUTE FUNCTION audit_write();
        """;

    [Fact]
    public async Task A_silo_frozen_past_the_membership_timeout_loses_its_markets_to_the_other_and_writes_nothing_new_when_it_wakes()
    {
        await using var db = await TestDatabase.CreateAsync("frozen", migrate: true);
        await db.ScalarAsync<object?>(AuditSql + " SELECT NULL");
        var (bootstrap, clusterId) = ($"boot-{Guid.NewGuid():N}", $"frozen-{Guid.NewGuid():N}");
        string Named(string silo) => new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = silo }.ConnectionString;
        await using var a = SiloProcess.Start(Named("silo-a"), clusterId, PostgresRestartTests.GenerousQuotas(bootstrap));
        await using var b = SiloProcess.Start(Named("silo-b"), clusterId, PostgresRestartTests.GenerousQuotas(bootstrap));
        await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());
        using var client = await ClusterClient.ConnectAsync(db.ConnectionString, clusterId);
        var management = client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

        var load = await HttpOrderLoad.SetUpAsync(b.Http, bootstrap);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync([a.Http, b.Http], 8, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(8));

        // The silo that hosts more of the markets falls asleep (the four markets cannot all live on the other).
        var marketType = typeof(Exchange.Grains.Markets.MarketGrain).FullName + ",";
        var markets = (await management.GetDetailedGrainStatistics()).Where(s => s.GrainType.StartsWith(marketType, StringComparison.Ordinal)).ToList();
        var onA = markets.Count(s => s.SiloAddress.Endpoint.Port == a.SiloPort);
        var (sleeper, survivor, sleeperName) = onA * 2 >= markets.Count ? (a, b, "silo-a") : (b, a, "silo-b");
        var onSleeper = Math.Max(onA, markets.Count - onA);
        Assert.True(onSleeper > 0, "no market lives on the silo about to freeze: the test would prove nothing");

        sleeper.Freeze();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var asleepFrom = await db.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM write_audit");
        await Eventually.HoldsAsync("the frozen silo declared dead", TimeSpan.FromSeconds(90), async () =>
            await db.ScalarAsync<int>($"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND port = {sleeper.SiloPort} AND status = 6") == 1);
        var takenOver = load.Acknowledged().Count;
        await Eventually.HoldsAsync("orders acknowledged by the survivor in every market", TimeSpan.FromSeconds(60), () =>
            Task.FromResult(load.Answers.Where(a => a.Status is 200 or 201 && a.AnsweredAt > load.Now - 3_000).Select(a => a.MarketId).Distinct().Count() == load.Markets.Count));

        sleeper.Thaw();
        await Task.Delay(TimeSpan.FromSeconds(15));
        await stop.CancelAsync();
        await running;

        // The order store is a projection behind the journal: an order that finished in a command made durable just before the
        // freeze may reach it from the woken silo (its write was gathering when the silo froze). Such a row can only say
        // what the journal says, and the verification below holds the order store to the journal's replay exactly.
        // Nothing else may be written: no command, allocation, snapshot, holder or grain state.
        var stale = await db.ScalarAsync<long>($"SELECT count(*) FROM write_audit WHERE id > {asleepFrom} AND writer = '{sleeperName}' AND tbl <> 'orders'");
        var tables = await db.ScalarAsync<string>($"SELECT coalesce(string_agg(DISTINCT tbl, ', '), '') FROM write_audit WHERE id > {asleepFrom} AND writer = '{sleeperName}'");
        output.WriteLine($"{onSleeper} of {markets.Count} markets on the frozen silo; {takenOver} acknowledged before the take-over; tables written after waking: ({tables}); the woken silo {(sleeper.HasExited ? "stopped itself" : "still runs")}");
        Assert.True(stale == 0, $"the woken silo wrote {stale} rows beside the order store ({tables})");

        var retried = await load.RetryUnacknowledgedAsync(survivor.Http, TimeSpan.FromSeconds(30));
        Assert.All(retried, a => Assert.True(a.Status is 200 or 201, $"retry of {a.ClientOrderId}: {a.Status} {a.ProblemType}"));
        await JournalVerifier.VerifyAsync(db, load.Markets, load.Acknowledged());
        Assert.False(survivor.HasExited, survivor.Output);
    }
}
