using System.Net;
using Exchange.Silo.Tests.Api;
using Exchange.Storage.Settlement;
using Exchange.TestSupport;
using Xunit.Abstractions;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>
/// Settlement through SIGKILLs: two silos run it, one is killed (and replaced) at each moment runs are due; every
/// allocation still closes with its escrow at zero, every step once, and recomputing settlement from the stored inputs
/// reproduces the ledger exactly.
/// </summary>
public sealed class SettlementSigkillTests(ITestOutputHelper output)
{
    private const int Allocations = 100;
    private const long Quantity = 100_000;

    [Fact]
    public async Task Silos_killed_while_runs_are_due_leave_a_ledger_that_replays_exactly_with_every_escrow_at_zero()
    {
        await using var db = await TestDatabase.CreateAsync("settlekill", migrate: false);
        var clusterId = $"settlekill-{Guid.NewGuid():N}";
        var victim = SettlementKit.Start(db.ConnectionString, clusterId);
        await using var survivor = SettlementKit.Start(db.ConnectionString, clusterId);
        try
        {
            await Task.WhenAll(victim.WaitReadyAsync(), survivor.WaitReadyAsync());
            var provider = await SettlementKit.TenantAsync(survivor, "gd-compute", "provider", "CN");
            var buyer = await SettlementKit.TenantAsync(survivor, "globex", "buyer", "US");
            (await SettlementKit.Operator(survivor).PutAsync("/v1/tenants/globex/quota",
                new { creditLimit = "1000.00", maxTokensPerPeriod = 1_000_000_000, maxOpenOrders = 1000, ordersPerSecond = 10_000, status = "active" }))
                .Expect(HttpStatusCode.OK);
            using var key = await SettlementKit.ClusterAsync(provider, "gd-a100-07");
            var start = SettlementKit.NextPeriod();
            var market = SettlementKit.Market(start);
            (await provider.PostAsync("/v1/orders", Parties.Ask(market, "gd-a100-07", "0.40", Allocations * Quantity))).Expect(HttpStatusCode.Created);
            var ids = new List<string>();
            for (var i = 0; i < Allocations; i++)
            {
                var bid = (await buyer.PostAsync("/v1/orders", Parties.Bid(market, "0.40", Quantity))).Expect(HttpStatusCode.Created);
                ids.Add(bid["allocations"][0].GetString()!);
            }

            // Readings are cumulative and a resent batch counts as duplicates, so a batch that met a dying silo is sent again.
            async Task SubmitAsync(int sequence, DateTimeOffset at, long input, long requests, long met) =>
                await Eventually.HoldsAsync($"readings {sequence} are taken", TimeSpan.FromSeconds(40), async () =>
                    (await SettlementKit.SubmitAsync(provider, "gd-a100-07", key,
                        [.. ids.Select(id => SettlementKit.Reading(id, sequence, at, input, 0, input / 10, requests, met))])).Status == HttpStatusCode.OK,
                    TimeSpan.FromMilliseconds(500));

            await SettlementKit.UntilAsync(start.AddSeconds(5));
            await SubmitAsync(1, start.AddSeconds(5), 20_000, 10, 10);

            // Kill a silo just after each moment runs are due (interval 1, interval 2, the close), and start another.
            foreach (var due in new[] { 20, 40, 63 })
            {
                await SettlementKit.UntilAsync(start.AddSeconds(due).AddMilliseconds(100));
                victim.Kill();
                await victim.DisposeAsync();
                victim = SettlementKit.Start(db.ConnectionString, clusterId);
                if (due == 20)
                {
                    await SettlementKit.UntilAsync(start.AddSeconds(25));
                    await SubmitAsync(2, start.AddSeconds(25), 50_000, 30, 20);
                }
            }

            await Eventually.HoldsAsync("every allocation closes", TimeSpan.FromSeconds(90), async () =>
                await db.ScalarAsync<long>("SELECT count(*) FROM settlement_allocations WHERE due_at IS NULL") == Allocations, TimeSpan.FromMilliseconds(500));

            var runs = await db.ScalarAsync<long>("SELECT count(*) FROM settlement_runs");
            output.WriteLine($"{runs} settlement runs, {await db.ScalarAsync<long>("SELECT count(*) FROM ledger_transfers")} transfers");
            Assert.Equal(3L * Allocations, await db.ScalarAsync<long>("SELECT count(*) FROM settlement_intervals"));
            Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM ledger_accounts WHERE kind = 'Escrow' AND balance <> 0"));
            Assert.Equal(0m, await db.ScalarAsync<decimal>("SELECT sum(balance) FROM ledger_accounts"));

            // 50,000 input + 5,000 output × 4 = 70,000 token-equivalents of 100,000 delivered at 0.40 per million each.
            Assert.Equal(Allocations * 0.028m, await db.ScalarAsync<decimal>("SELECT sum(charged) FROM settlement_intervals"));
            Assert.Equal(Allocations * 0.012m, await db.ScalarAsync<decimal>("SELECT sum(refunded) FROM settlement_intervals"));
            Assert.Empty(await new SettlementReplay(db.DataSource).DifferencesAsync(CancellationToken.None));
            Assert.True((await new TransferChainVerifier(db.DataSource).VerifyAsync(CancellationToken.None)).Ok);
        }
        finally
        {
            await victim.DisposeAsync();
        }
    }
}
