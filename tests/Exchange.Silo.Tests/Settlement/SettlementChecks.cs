using System.Globalization;
using System.Net;
using Exchange.Silo.Tests.Api;
using Exchange.TestSupport;

namespace Exchange.Silo.Tests.Settlement;

/// <summary>What the settlement simulation requires of each allocation and each tenant, from the model alone.</summary>
public static class SettlementChecks
{
    /// <summary>
    /// Each allocation as the model (<see cref="DeliveryModel"/>) expects it from the plan alone: the token-equivalents
    /// and the SLO credit of each interval, what its close holds in dispute and refunds (what the meter never counted);
    /// a dispute's end charging what was awarded and refunding the rest; the escrow at zero, or holding exactly an open dispute.
    /// </summary>
    public static async Task EachAllocationAsync(
        TestDatabase db, IReadOnlyList<SimulatedAllocation> allocations, IReadOnlyList<Sending> plan, LedgerModel ledger, IReadOnlyList<ModelTransfer> transfers)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(allocations);
        ArgumentNullException.ThrowIfNull(ledger);
        var byAllocation = transfers.Where(t => t.AllocationId is not null).ToLookup(t => t.AllocationId!, StringComparer.Ordinal);
        foreach (var a in allocations)
        {
            var expected = DeliveryModel.Expect(a, plan);
            decimal Usd(long tokens) => DeliveryModel.Usd(tokens, a.PriceMicros);
            decimal Sum(Func<ModelTransfer, bool> which) => byAllocation[a.Id].Where(which).Sum(t => t.Amount);
            var dispute = await DisputeAsync(db, a.Id);
            var name = $"{a.Id} (metered {expected.Metered}, counted {expected.Counted?.ToString(CultureInfo.InvariantCulture) ?? "-"})";

            Assert.Equal(expected.Charged, await IntervalsAsync(db, a.Id));
            Assert.Equal(expected.Disputed, dispute?.Disputed ?? 0);
            Assert.True(Usd(a.Quantity) == Sum(t => t.Kind == "Escrow"), $"{name}: escrow funded");
            Assert.True(Usd(a.Quantity - expected.Metered) == Sum(t => t.Kind == "Refund"), $"{name}: refund");
            for (var i = 0; i < expected.Charged.Count; i++)
            {
                var prefix = $"{a.Id}.i{i + 1}.";
                Assert.True(Usd(expected.Charged[i]) == Sum(t => t.Kind is "Charge" or "Fee" && t.TransferId.StartsWith(prefix, StringComparison.Ordinal)), $"{name}: interval {i + 1} charge");
                Assert.True(expected.Credits[i] == Sum(t => t.Kind == "SloCredit" && t.TransferId.StartsWith(prefix, StringComparison.Ordinal)),
                    $"{name}: interval {i + 1} credit");
            }

            if (dispute is { Awarded: { } awarded })
            {
                Assert.True(expected.AwardCredit(awarded, a.PriceMicros) == Sum(t => t.Kind == "SloCredit" && t.TransferId.Contains(".dispute.", StringComparison.Ordinal)),
                    $"{name}: award credit");
                Assert.True(Usd(awarded) == Sum(t => t.Kind is "Charge" or "Fee" && t.TransferId.Contains(".dispute.", StringComparison.Ordinal)), $"{name}: award");
                Assert.True(Usd(expected.Disputed - awarded) == Sum(t => t.Kind == "Dispute"), $"{name}: dispute refund");
            }

            var open = dispute is { Awarded: null };
            Assert.True(ledger.Balance($"{a.Id}:escrow") == (open ? Usd(expected.Disputed) : 0m), $"{name}: escrow {ledger.Balance($"{a.Id}:escrow")}");
        }
    }

    /// <summary>Each tenant's statement for the period's month: its lines the model's transfers of that month touching its cash or payable, its closing the model's.</summary>
    public static async Task StatementsAsync(IReadOnlyDictionary<string, Api.ApiClient> tenants, IReadOnlyList<ModelTransfer> transfers, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(transfers);
        var month = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (tenant, client) in tenants)
        {
            var statement = (await client.GetAsync($"/v1/statements?month={month:yyyy-MM}")).Expect(HttpStatusCode.OK);
            var own = transfers.Where(t => t.At < month.AddMonths(1) && (t.For($"{tenant}:cash") != 0 || t.For($"{tenant}:payable") != 0)).ToList();
            var lines = statement["lines"].EnumerateArray().ToList();
            Assert.Equal(own.Where(t => t.At >= month).Select(t => t.TransferId), lines.Select(l => l.GetProperty("transferId").GetString()));
            Assert.Equal(own.Sum(t => t.For($"{tenant}:cash") + t.For($"{tenant}:payable")), SettlementKit.Usd(statement, "closing"));
            Assert.Equal(SettlementKit.Usd(statement, "closing"),
                SettlementKit.Usd(statement, "opening") + lines.Sum(l => decimal.Parse(l.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture)));
        }
    }

    private static async Task<List<long>> IntervalsAsync(TestDatabase db, string allocationId)
    {
        await using var command = db.DataSource.CreateCommand($"SELECT delivered FROM settlement_intervals WHERE allocation_id = '{allocationId}' ORDER BY interval_no");
        await using var reader = await command.ExecuteReaderAsync();
        var delivered = new List<long>();
        while (await reader.ReadAsync())
        {
            delivered.Add(reader.GetInt64(0));
        }

        return delivered;
    }

    private static async Task<(long Disputed, long? Awarded)?> DisputeAsync(TestDatabase db, string allocationId)
    {
        await using var command = db.DataSource.CreateCommand($"SELECT disputed, awarded FROM settlement_disputes WHERE allocation_id = '{allocationId}'");
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)) : null;
    }
}
