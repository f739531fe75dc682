using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Storage.Journal;
using Exchange.Storage.Ledger;
using Exchange.Storage.Metering;
using Exchange.Storage.Settlement;
using Exchange.TestSupport;

namespace Exchange.Storage.Tests;

/// <summary>
/// Settlement runs against PostgreSQL: an allocation funded once its period begins, charged interval by interval from its
/// readings, credited for a missed SLO and closed with its escrow at exactly zero; every run replayable from its stored
/// inputs. Each scenario has a database of its own: runs settle every allocation in it, and fund periods in order, so
/// one scenario's later moments would pass over another's period.
/// </summary>
public abstract class SettlementStoreScenario(MigratedDatabaseFixture fixture)
{
    protected MigratedDatabaseFixture Fixture => fixture;

    // A period before the ledger's horizon (which follows the database's clock), so settlement may fund it; each run is
    // handed the moment it runs at.
    protected static readonly DateTimeOffset PeriodStart = new(2026, 1, 7, 9, 0, 0, TimeSpan.Zero);

    protected static readonly SettlementConfiguration Configuration = new(
        SettlementTerms.Default, new DeliverySchedule(IntervalSeconds: 1200, GraceSeconds: 900),
        new Dictionary<string, TokenWeights> { ["chat-70b"] = new(1m, 0.5m, 2m) });

    protected SettlementStore Store => new(Fixture.Database.DataSource);

    protected async Task<string> NewAllocationAsync(long quantity)
    {
        // A market id proper (model and period), as metering parses allocation ids; one allocation per scenario's database.
        var market = new MarketId("chat-70b", PeriodStart).ToString();
        var rows = LedgerRows.Chain(market, AllocationHasher.Genesis.ToArray(), 1, 1, [DateTimeOffset.UtcNow], period: PeriodStart, quantity: quantity);
        await new MarketJournalStore(Fixture.Database.DataSource).AppendAsync(market, 0, LedgerRows.Commands(1, 1), rows, CancellationToken.None);
        await new LedgerHorizon(Fixture.Database.DataSource).SettleAsync(TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None);
        return rows[0].AllocationId;
    }

    protected async Task StoreReadingsAsync(params MeterReading[] readings)
    {
        var keys = new MeterKeyStore(Fixture.Database.DataSource);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var read = MeterSignature.ReadPublicKey(key.ExportSubjectPublicKeyInfoPem())!.Value;
        var cluster = $"hn-{Guid.NewGuid():N}"[..20];
        await keys.RegisterAsync(cluster, read.KeyId, read.Pem, CancellationToken.None);
        await new MeterReadingStore(Fixture.Database.DataSource).AppendAsync(cluster, read.KeyId, new byte[] { 1 }, "s", readings, CancellationToken.None);
    }

    protected static MeterReading Reading(string allocation, long sequence, int minute, long input, long cached, long output, long requests, long met) =>
        new(allocation, sequence, PeriodStart.AddMinutes(minute), new MeterCounters(input, cached, output, requests, met, 0));

    protected Task<decimal> BalanceAsync(LedgerAccount account) =>
        Fixture.Database.ScalarAsync<decimal>($"SELECT coalesce(sum(balance), 0) FROM ledger_accounts WHERE account = '{account}'");

    protected Task<decimal> AmountAsync(string transferId) =>
        Fixture.Database.ScalarAsync<decimal>($"SELECT coalesce(sum(amount), 0) FROM ledger_transfers WHERE transfer_id = '{transferId}'");

    protected Task<SettlementRunResult> RunAtAsync(int minute) => Store.RunAsync(PeriodStart.AddMinutes(minute), Configuration, 1_000, CancellationToken.None);
}

/// <summary>One allocation through its whole life.</summary>
public sealed class SettlementLifeTests(MigratedDatabaseFixture fixture) : SettlementStoreScenario(fixture), IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task An_allocation_is_funded_charged_per_interval_credited_and_closed_with_its_escrow_at_exactly_zero()
    {
        // 10 M token-equivalents at 0.42 USD per million: 4.20 USD in escrow.
        var id = await NewAllocationAsync(10_000_000);
        await StoreReadingsAsync(
            Reading(id, 1, 10, input: 1_000_000, cached: 0, output: 500_000, requests: 100, met: 100),
            Reading(id, 2, 30, input: 2_000_000, cached: 1_000_000, output: 1_000_000, requests: 200, met: 190));

        // The money moves into escrow when delivery begins, not before.
        Assert.Equal(0, (await RunAtAsync(-1)).Funded);
        Assert.Equal(0m, await AmountAsync($"{id}.escrow"));
        await RunAtAsync(1);
        Assert.Equal(4.2m, await AmountAsync($"{id}.escrow"));
        Assert.Equal(4.2m, await BalanceAsync(LedgerAccount.Escrow(id)));

        // Interval 1 (9:00-9:20) settles through reading 1: 1 M input + 0.5 M output × 2 = 2 M token-equivalents, 0.84 USD.
        await RunAtAsync(20);
        Assert.Equal(0.8358m, await AmountAsync($"{id}.i1.charge"));
        Assert.Equal(0.0042m, await AmountAsync($"{id}.i1.fee"));
        Assert.Equal(0m, await AmountAsync($"{id}.i1.credit"));

        // Interval 2: 4.5 M cumulative, 2.5 M in it (1.05 USD); 90 of 100 requests met the SLO: below 95 %, 25 % back.
        await RunAtAsync(40);
        Assert.Equal(1.04475m, await AmountAsync($"{id}.i2.charge"));
        Assert.Equal(0.2625m, await AmountAsync($"{id}.i2.credit"));

        // The last interval waits for the grace window, so a reading that arrives within it is still settled.
        Assert.Equal(0, (await RunAtAsync(61)).Settled);
        await StoreReadingsAsync(Reading(id, 3, 59, input: 3_000_000, cached: 1_000_000, output: 1_000_000, requests: 300, met: 300));
        var close = await RunAtAsync(75);

        Assert.Equal(1, close.Closed);
        Assert.Equal(0.4179m, await AmountAsync($"{id}.i3.charge"));
        Assert.Equal(1.89m, await AmountAsync($"{id}.refund"));
        Assert.Equal(0m, await BalanceAsync(LedgerAccount.Escrow(id)));
        Assert.Equal(-4.2m + 0.2625m + 1.89m, await Fixture.Database.ScalarAsync<decimal>($"""
            SELECT sum(CASE WHEN credit_account = 'buyer-de:cash' THEN amount ELSE -amount END) FROM ledger_transfers
            WHERE allocation_id = '{id}' AND 'buyer-de:cash' IN (debit_account, credit_account)
            """));
        Assert.Equal(0m, await Fixture.Database.ScalarAsync<decimal>("SELECT sum(balance) FROM ledger_accounts"));
        Assert.Empty(await new SettlementReplay(Fixture.Database.DataSource).DifferencesAsync(CancellationToken.None));

        // Closed means closed: with a longer grace configured since, a reading the window would still take is refused,
        // since it could never be paid.
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var meterKey = MeterSignature.ReadPublicKey(key.ExportSubjectPublicKeyInfoPem())!.Value;
        await new MeterKeyStore(Fixture.Database.DataSource).RegisterAsync("hn-cluster-1", meterKey.KeyId, meterKey.Pem, CancellationToken.None);
        var late = await new MeterReadingStore(Fixture.Database.DataSource).SubmitAsync(
            new MeterSubmission("hn-cluster-1", meterKey.KeyId, new byte[] { 1 }, "s", [Reading(id, 4, 59, input: 3_500_000, cached: 1_000_000, output: 1_000_000, requests: 300, met: 300)]),
            _ => Configuration.Weights["chat-70b"], PeriodStart.AddMinutes(76), TimeSpan.FromMinutes(30), CancellationToken.None);
        Assert.Equal(RejectCode.DeliveryClosed, late.Refusal?.Code);
    }
}

/// <summary>Runs on several silos at once.</summary>
public sealed class SettlementRaceTests(MigratedDatabaseFixture fixture) : SettlementStoreScenario(fixture), IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Runs_racing_on_several_silos_settle_each_step_once_and_a_run_with_nothing_due_writes_nothing()
    {
        var id = await NewAllocationAsync(2_000_000);
        await StoreReadingsAsync(Reading(id, 1, 5, input: 1_000_000, cached: 0, output: 0, requests: 10, met: 10));

        // Long after the close: funding and the three intervals (one a run) are all due at once.
        await Task.WhenAll(RunAtAsync(80), RunAtAsync(80), RunAtAsync(80));
        for (var run = 0; run < 10 && (await RunAtAsync(80)).RunId != 0; run++)
        {
        }

        var runs = await Fixture.Database.ScalarAsync<long>("SELECT count(*) FROM settlement_runs");
        Assert.Equal(0, (await RunAtAsync(80)).RunId);
        Assert.Equal(runs, await Fixture.Database.ScalarAsync<long>("SELECT count(*) FROM settlement_runs"));
        Assert.Equal(1, await Fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM ledger_transfers WHERE transfer_id = '{id}.escrow'"));
        Assert.Equal(3, await Fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM settlement_intervals WHERE allocation_id = '{id}'"));
        Assert.Equal(0.42m, await AmountAsync($"{id}.i1.charge") + await AmountAsync($"{id}.i1.fee"));
        Assert.Equal(0.42m, await AmountAsync($"{id}.refund"));
        Assert.Equal(0m, await BalanceAsync(LedgerAccount.Escrow(id)));
        Assert.Empty(await new SettlementReplay(Fixture.Database.DataSource).DifferencesAsync(CancellationToken.None));
    }
}

/// <summary>Replay against a tampered ledger.</summary>
public sealed class SettlementReplayTests(MigratedDatabaseFixture fixture) : SettlementStoreScenario(fixture), IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Replay_notices_a_settlement_transfer_that_does_not_follow_from_the_inputs()
    {
        var id = await NewAllocationAsync(1_000_000);
        await RunAtAsync(1);

        await Fixture.Database.ScalarAsync<long>($"UPDATE ledger_transfers SET amount = amount + 0.01 WHERE transfer_id = '{id}.escrow' RETURNING 1");

        var differences = await new SettlementReplay(Fixture.Database.DataSource).DifferencesAsync(CancellationToken.None);
        Assert.Contains(differences, d => d.StartsWith($"{id}.escrow: stored", StringComparison.Ordinal));
        await Fixture.Database.ScalarAsync<long>($"UPDATE ledger_transfers SET amount = amount - 0.01 WHERE transfer_id = '{id}.escrow' RETURNING 1");
    }
}

/// <summary>A provider whose failed cluster's cover and penalty took its payable below zero (docs/failover.md).</summary>
public sealed class SettlementOwedPayableTests(MigratedDatabaseFixture fixture) : SettlementStoreScenario(fixture), IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task A_provider_whose_payable_is_below_zero_still_credits_its_buyers_and_settlement_goes_on()
    {
        var id = await NewAllocationAsync(10_000_000);
        await StoreReadingsAsync(Reading(id, 1, 10, input: 1_000_000, cached: 0, output: 500_000, requests: 100, met: 50));
        await RunAtAsync(1);
        await using (var connection = await Fixture.Database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var penalty = new Transfer("elsewhere.a1.penalty", TransferKind.Penalty, LedgerAccount.Payable("provider-hn"), LedgerAccount.Cash("buyer-us"), 10m, null);
            var posted = await LedgerWriter.PostAsync(connection, transaction, [penalty], PeriodStart.AddMinutes(5), null, null,
                a => a.Kind is AccountKind.Escrow or AccountKind.Fees ? 0m : null, a => a.Owner, CancellationToken.None);
            Assert.True(posted.Written);
            await transaction.CommitAsync();
        }

        // Interval 1: 2 M token-equivalents (0.84 USD), half the requests late: 50 % back out of a payable at -10.
        var run = await RunAtAsync(20);

        Assert.Equal(1, run.Settled);
        Assert.Equal(0.42m, await AmountAsync($"{id}.i1.credit"));
        Assert.Equal(-10m + 0.8358m - 0.42m, await BalanceAsync(LedgerAccount.Payable("provider-hn")));
    }
}
