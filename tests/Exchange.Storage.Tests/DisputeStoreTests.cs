using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Storage.Metering;
using Exchange.Storage.Settlement;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

/// <summary>A buyer's receipts against the meter in PostgreSQL: what a dispute holds back, and the two ways it ends.</summary>
public abstract class DisputeScenario(MigratedDatabaseFixture fixture) : SettlementStoreScenario(fixture)
{
    // Disputes wait an hour here, not a week.
    protected static readonly SettlementConfiguration Disputing = Configuration with
    {
        Terms = Configuration.Terms with { Disputes = DisputeTerms.Default with { DisputeSeconds = 3_600 } },
    };

    protected Task<SettlementRunResult> RunDisputingAtAsync(int minute) =>
        Store.RunAsync(PeriodStart.AddMinutes(minute), Disputing, 1_000, CancellationToken.None);

    protected Task<ReadingVerdict> ReceiptAsync(string allocation, long sequence, int minute, long input, int receivedAt) =>
        new ReceiptStore(Fixture.Database.DataSource).SubmitAsync(
            new MeterReading(allocation, sequence, PeriodStart.AddMinutes(minute), new MeterCounters(input, 0, 0, 0, 0, 0)),
            _ => Disputing.Weights["chat-70b"], PeriodStart.AddMinutes(receivedAt), Disputing.Schedule.Grace, CancellationToken.None);

    /// <summary>An allocation of 10 M delivered 6 M by the meter, 4 M by the buyer's count: 2 M disputed at close.</summary>
    protected async Task<string> DisputedAllocationAsync()
    {
        var id = await NewAllocationAsync(10_000_000);
        await StoreReadingsAsync(
            Reading(id, 1, 10, input: 2_000_000, cached: 0, output: 0, requests: 0, met: 0),
            Reading(id, 2, 50, input: 6_000_000, cached: 0, output: 0, requests: 0, met: 0));
        Assert.Null((await ReceiptAsync(id, 1, 10, 2_000_000, receivedAt: 11)).Refusal);
        Assert.Null((await ReceiptAsync(id, 2, 50, 4_000_000, receivedAt: 51)).Refusal);
        await RunDisputingAtAsync(1);
        await RunDisputingAtAsync(20);
        await RunDisputingAtAsync(40);
        Assert.Equal(1, (await RunDisputingAtAsync(75)).Settled);
        return id;
    }

    protected Task<IReadOnlyList<string>> ReplayAsync() => new SettlementReplay(Fixture.Database.DataSource).DifferencesAsync(CancellationToken.None);
}

/// <summary>A dispute nobody resolves.</summary>
public sealed class DisputeExpiryTests(MigratedDatabaseFixture fixture) : DisputeScenario(fixture), IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task A_dispute_holds_the_difference_in_escrow_until_its_wait_is_over_then_refunds_it_to_the_buyer()
    {
        var id = await DisputedAllocationAsync();

        // 4 M charged (1.68 USD with the fee), 4 M never delivered refunded, 2 M (0.84 USD) held.
        Assert.Equal(1.6716m, await AmountAsync($"{id}.i3.charge") + await AmountAsync($"{id}.i1.charge") + await AmountAsync($"{id}.i2.charge"));
        Assert.Equal(1.68m, await AmountAsync($"{id}.refund"));
        Assert.Equal(0.84m, await BalanceAsync(LedgerAccount.Escrow(id)));
        Assert.Equal(2_000_000L, await Fixture.Database.ScalarAsync<long>($"SELECT disputed FROM settlement_disputes WHERE allocation_id = '{id}'"));

        // Closed to the meter and to the buyer alike.
        Assert.Equal(RejectCode.DeliveryClosed, (await ReceiptAsync(id, 3, 55, 6_000_000, receivedAt: 60)).Refusal?.Code);

        Assert.Equal(0, (await RunDisputingAtAsync(134)).Settled);

        // Past the deadline an operator can no longer award it, even before a run has refunded it.
        var late = await new DisputeStore(Fixture.Database.DataSource).ResolveAsync(id, 1, "ops", null, PeriodStart.AddMinutes(135), CancellationToken.None);
        Assert.Equal(ResolutionOutcome.AlreadyEnded, late.Outcome);
        var expiry = await RunDisputingAtAsync(135);

        Assert.Equal((1, 1), (expiry.Settled, expiry.Closed));
        Assert.Equal(0.84m, await AmountAsync($"{id}.dispute.refund"));
        Assert.Equal(0m, await BalanceAsync(LedgerAccount.Escrow(id)));
        Assert.Equal("expired", await Fixture.Database.ScalarAsync<string>($"SELECT outcome FROM settlement_disputes WHERE allocation_id = '{id}'"));
        Assert.Equal(0m, await Fixture.Database.ScalarAsync<decimal>("SELECT sum(balance) FROM ledger_accounts"));
        Assert.Empty(await ReplayAsync());
    }
}

/// <summary>A dispute an operator resolves.</summary>
public sealed class DisputeResolutionTests(MigratedDatabaseFixture fixture) : DisputeScenario(fixture), IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task An_operator_awards_part_of_a_dispute_once_and_a_retry_changes_nothing()
    {
        var id = await DisputedAllocationAsync();
        var disputes = new DisputeStore(Fixture.Database.DataSource);
        var at = PeriodStart.AddMinutes(90);

        Assert.Equal(ResolutionOutcome.ExceedsDisputed, (await disputes.ResolveAsync(id, 2_000_001, "ops", null, at, CancellationToken.None)).Outcome);
        var resolved = await disputes.ResolveAsync(id, 500_000, "ops", "logs", at, CancellationToken.None);
        var retried = await disputes.ResolveAsync(id, 500_000, "ops", "logs", at, CancellationToken.None);
        var other = await disputes.ResolveAsync(id, 600_000, "ops", null, at, CancellationToken.None);

        Assert.Equal((ResolutionOutcome.Resolved, ResolutionOutcome.Repeated, ResolutionOutcome.AlreadyEnded), (resolved.Outcome, retried.Outcome, other.Outcome));
        Assert.Equal((0.21m, 0.63m), (resolved.Dispute!.Charged, resolved.Dispute.Refunded));
        Assert.Equal(0.20895m, await AmountAsync($"{id}.dispute.charge"));
        Assert.Equal(0.63m, await AmountAsync($"{id}.dispute.refund"));
        Assert.Equal(0m, await BalanceAsync(LedgerAccount.Escrow(id)));
        Assert.Equal(0, (await RunDisputingAtAsync(200)).Settled);
        Assert.Equal(ResolutionOutcome.NotDisputed, (await disputes.ResolveAsync("chat-70b.20260107T0900.a999", 0, "ops", null, at, CancellationToken.None)).Outcome);

        // Regulators count the award as delivered, on the day of the last interval.
        var flow = await new TransferQueries(Fixture.Database.DataSource).FlowsAsync([], null, null, CancellationToken.None).SingleAsync();
        Assert.Equal((4_500_000L, 1.89m, 2.31m), (flow.Delivered, flow.Charged, flow.Refunded));
        Assert.Empty(await ReplayAsync());
    }
}
