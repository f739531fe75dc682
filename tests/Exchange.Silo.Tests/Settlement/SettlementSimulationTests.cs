using System.Globalization;
using System.Net;
using Exchange.Silo.Tests.Api;
using Exchange.Storage.Settlement;
using Exchange.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>
/// A seeded simulation of a period's delivery through two silos, one SIGKILLed (and replaced) at each moment runs are
/// due: orders from three buyers fill against two providers' asks; readings arrive lost, resent, held back and shuffled;
/// a third of the buyers send receipts, some far below the meter; an operator resolves some of the disputes. The ledger
/// is then checked against a small pure model: every transfer once, debits equal to credits, no floor broken, the
/// stored balances those of the model, every closed escrow at zero, each interval's charge and credit and each close's
/// refund and dispute what the plan calls for (<see cref="DeliveryModel"/>), statements equal to the ledger, and a
/// replay from the stored inputs exact.
/// Set EXCHANGE_SIM_SEED to replay a failing seed.
/// </summary>
public sealed class SettlementSimulationTests(ITestOutputHelper output)
{
    private const decimal CreditLimit = 1000m;
    private static readonly string[] Buyers = ["globex", "initech", "umbrella"];
    private static readonly (string Provider, string Cluster)[] Providers = [("gd-compute", "gd-a100-07"), ("hn-compute", "hn-h100-02")];

    [Fact]
    public async Task A_seeded_period_delivered_through_sigkilled_silos_leaves_the_ledger_the_model_expects()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("EXCHANGE_SIM_SEED"), CultureInfo.InvariantCulture, out var s) ? s : 20261207;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var db = await TestDatabase.CreateAsync("settlesim", migrate: false);
        var clusterId = $"settlesim-{Guid.NewGuid():N}";
        var victim = SettlementKit.Start(db.ConnectionString, clusterId);
        await using var survivor = SettlementKit.Start(db.ConnectionString, clusterId);
        var keys = new Dictionary<string, System.Security.Cryptography.ECDsa>(StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(victim.WaitReadyAsync(), survivor.WaitReadyAsync());
            var admin = SettlementKit.Operator(survivor);
            var clients = new Dictionary<string, Api.ApiClient>(StringComparer.Ordinal);
            foreach (var buyer in Buyers)
            {
                clients[buyer] = await SettlementKit.TenantAsync(survivor, buyer, "buyer", "US");
                (await admin.PutAsync($"/v1/tenants/{buyer}/quota",
                    new { creditLimit = CreditLimit.ToString(CultureInfo.InvariantCulture), maxTokensPerPeriod = 1_000_000_000, maxOpenOrders = 1000, ordersPerSecond = 10_000, status = "active" }))
                    .Expect(HttpStatusCode.OK);
            }

            foreach (var (provider, cluster) in Providers)
            {
                clients[provider] = await SettlementKit.TenantAsync(survivor, provider, "provider", "CN");
                keys[cluster] = await SettlementKit.ClusterAsync(clients[provider], cluster);
            }

            // Parties first, then the period: only the orders must beat its gate, which may be ten seconds away.
            var start = SettlementKit.NextPeriod();
            var market = SettlementKit.Market(start);
            foreach (var (provider, cluster) in Providers)
            {
                (await clients[provider].PostAsync("/v1/orders", Parties.Ask(market, cluster, random.Next(2) == 0 ? "0.40" : "0.45", 3_000_000)))
                    .Expect(HttpStatusCode.Created);
            }

            for (var i = 0; i < 60; i++)
            {
                (await clients[Buyers[random.Next(Buyers.Length)]].PostAsync("/v1/orders", Parties.Bid(market, "0.50", 10_000L * random.Next(5, 20))))
                    .Expect(HttpStatusCode.Created);
            }

            var allocations = await AllocationsAsync(db);
            output.WriteLine($"{allocations.Count} allocations");
            var plan = new SettlementSimulation(seed).Plan(allocations);

            // Kill a silo just after each moment runs are due (intervals 1 and 2, the close), and start another, while
            // the counts go on arriving through the survivor.
            var kills = new Queue<int>([20, 40, 63]);
            foreach (var sending in plan)
            {
                while (kills.Count > 0 && kills.Peek() < sending.Second)
                {
                    victim = await KillAsync(victim, start.AddSeconds(kills.Dequeue()), db.ConnectionString, clusterId);
                }

                await SettlementKit.UntilAsync(start.AddSeconds(sending.Second));
                var due = start.AddSeconds(DeliveryModel.DueAfter(sending.Second));
                foreach (var batch in sending.Readings.GroupBy(r => allocations.Single(a => a.Id == r.AllocationId).ClusterId))
                {
                    var provider = Providers.Single(p => p.Cluster == batch.Key).Provider;
                    (await SendBeforeAsync(due, () => SettlementKit.SubmitAsync(clients[provider], batch.Key, keys[batch.Key],
                        [.. batch.Select(r => SettlementKit.Reading(r.AllocationId, r.Sequence, start.AddSeconds(r.Second), r.Input, 0, 0, r.Requests, r.Met))])))
                        .Expect(HttpStatusCode.OK);
                }

                foreach (var receipt in sending.Receipts)
                {
                    var buyer = allocations.Single(a => a.Id == receipt.AllocationId).BuyerId;
                    (await SendBeforeAsync(due, () => clients[buyer].PostAsync($"/v1/allocations/{receipt.AllocationId}/receipts",
                        SettlementKit.Receipt(receipt.Sequence, start.AddSeconds(receipt.Second), receipt.Input, receipt.Requests, receipt.Met))))
                        .Expect(HttpStatusCode.OK);
                }
            }

            while (kills.Count > 0)
            {
                victim = await KillAsync(victim, start.AddSeconds(kills.Dequeue()), db.ConnectionString, clusterId);
            }

            await Eventually.HoldsAsync("every allocation closes or waits on its dispute", TimeSpan.FromSeconds(90), async () =>
                await db.ScalarAsync<long>("SELECT count(*) FROM settlement_allocations WHERE due_at IS NULL OR disputed > 0") == allocations.Count,
                TimeSpan.FromMilliseconds(500));

            // An operator decides half the disputes, awarding a random part.
            var open = await DisputesAsync(db);
            foreach (var (id, disputed) in open.Where(_ => random.Next(2) == 0))
            {
                (await admin.PostAsync($"/v1/allocations/{id}/dispute/resolve", new { awarded = (long)(disputed * random.NextDouble()) })).Expect(HttpStatusCode.OK);
            }

            output.WriteLine($"{open.Count} disputes, {await db.ScalarAsync<long>("SELECT count(*) FROM settlement_runs")} runs, "
                + $"{await db.ScalarAsync<long>("SELECT count(*) FROM ledger_transfers")} transfers");
            var model = await ModelAsync(db, allocations);
            await SettlementChecks.EachAllocationAsync(db, allocations, plan, model.Ledger, model.Transfers);
            await SettlementChecks.StatementsAsync(clients, model.Transfers, start);
            Assert.Empty(await new SettlementReplay(db.DataSource).DifferencesAsync(CancellationToken.None));
            Assert.True((await new TransferChainVerifier(db.DataSource).VerifyAsync(CancellationToken.None)).Ok);
        }
        finally
        {
            await victim.DisposeAsync();
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>
    /// Sends, again while the answer is 503 (a grain on the silo just killed stays unreachable until the cluster declares
    /// that silo dead), and fails unless it was answered before <paramref name="due"/>: the model counts a sending in
    /// the first interval due after its moment, so one that arrives later would test nothing the model knows.
    /// </summary>
    private static async Task<ApiResponse> SendBeforeAsync(DateTimeOffset due, Func<Task<ApiResponse>> send)
    {
        var response = await send();
        while (response.Status == HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < due)
        {
            await Task.Delay(250);
            response = await send();
        }

        Assert.True(DateTimeOffset.UtcNow < due, $"A sending was answered {DateTimeOffset.UtcNow - due} after the run it is meant for was due.");
        return response;
    }

    private static async Task<SiloProcess> KillAsync(SiloProcess victim, DateTimeOffset moment, string connectionString, string clusterId)
    {
        await SettlementKit.UntilAsync(moment.AddMilliseconds(100));
        victim.Kill();
        await victim.DisposeAsync();
        return SettlementKit.Start(connectionString, clusterId);
    }

    private static async Task<List<SimulatedAllocation>> AllocationsAsync(TestDatabase db)
    {
        await using var command = db.DataSource.CreateCommand(
            "SELECT allocation_id, buyer_id, provider_id, cluster_id, quantity, price_micros FROM allocations ORDER BY allocation_id");
        await using var reader = await command.ExecuteReaderAsync();
        var allocations = new List<SimulatedAllocation>();
        while (await reader.ReadAsync())
        {
            allocations.Add(new SimulatedAllocation(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return allocations;
    }

    private static async Task<List<(string Id, long Disputed)>> DisputesAsync(TestDatabase db)
    {
        await using var command = db.DataSource.CreateCommand("SELECT allocation_id, disputed FROM settlement_disputes ORDER BY allocation_id");
        await using var reader = await command.ExecuteReaderAsync();
        var disputes = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            disputes.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return disputes;
    }

    /// <summary>Replays every stored transfer through the model, in chain order, and requires the stored balances to be the model's.</summary>
    private static async Task<(LedgerModel Ledger, List<ModelTransfer> Transfers)> ModelAsync(TestDatabase db, IReadOnlyList<SimulatedAllocation> allocations)
    {
        var model = new LedgerModel(tenant => Buyers.Contains(tenant) ? -CreditLimit : 0m);
        var transfers = new List<ModelTransfer>();
        await using (var command = db.DataSource.CreateCommand(
            "SELECT transfer_id, kind, debit_account, credit_account, amount, allocation_id, at FROM ledger_transfers ORDER BY position"))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var transfer = new ModelTransfer(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDecimal(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6));
                model.Apply(transfer);
                transfers.Add(transfer);
            }
        }

        Assert.Equal(0m, model.Balances.Values.Sum());
        await using var accounts = db.DataSource.CreateCommand("SELECT account, balance FROM ledger_accounts");
        await using var rows = await accounts.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            Assert.True(model.Balance(rows.GetString(0)) == rows.GetDecimal(1), $"{rows.GetString(0)}: stored {rows.GetDecimal(1)}, model {model.Balance(rows.GetString(0))}");
        }

        Assert.Equal(allocations.Count, transfers.Count(t => t.Kind == "Escrow"));
        return (model, transfers);
    }
}
