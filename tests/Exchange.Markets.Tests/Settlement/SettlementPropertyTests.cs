using CsCheck;
using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

/// <summary>
/// Whole lives of allocations (a fill, cumulative readings resent and out of order, intervals settled and retried, the
/// close) against the ledger's invariants.
/// </summary>
public sealed class SettlementPropertyTests
{
    private sealed record Life(long Quantity, long PriceMicros, long[] Readings, (long Requests, long Meeting)[] Usage, int FeeBps);

    private static readonly Gen<Life> Lives =
        from quantity in Gen.Long[1, 50_000_000_000]
        from price in Gen.Long[1, 5_000_000]
        from readings in Gen.Long[0, 60_000_000_000].Array[0, 12]
        from usage in Gen.Select(Gen.Long[0, 10_000], Gen.Long[0, 10_000]).Array[12]
        from fee in Gen.Int[0, 5_000]
        select new Life(quantity, price, readings, [.. usage.Select(u => (u.Item1, Math.Min(u.Item1, u.Item2)))], fee);

    [Fact]
    public void Money_is_neither_made_nor_lost_and_a_closed_allocation_leaves_its_escrow_at_zero()
    {
        Lives.Sample(life =>
        {
            var allocation = new SettledAllocation("m.a1", "buyer", "provider", life.Quantity, life.PriceMicros);
            var terms = new SettlementTerms(life.FeeBps, SettlementTerms.Default.SloTiers);
            var book = new LedgerBook(LedgerBook.Floors(_ => decimal.MaxValue / 4));
            Assert.Equal(TransferOutcome.Applied, book.Post(AllocationSettlement.Fund(allocation)));

            // Readings arrive resent and out of order; settlement takes the highest cumulative count seen by each interval.
            long settled = 0;
            for (var interval = 0; interval < life.Readings.Length; interval++)
            {
                var seen = life.Readings.Take(interval + 1).Max();
                var usage = new MeterCounters(0, 0, 0, life.Usage[interval].Requests, life.Usage[interval].Meeting, 0);
                HeldSlice[] charged = [new(Math.Max(0, Math.Min(seen, life.Quantity) - settled), terms.CreditPercent(usage.Requests, usage.RequestsMeetingSlo))];
                var transfers = AllocationSettlement.Interval(allocation, interval + 1, settled, seen, charged, terms);
                foreach (var transfer in transfers)
                {
                    Assert.Equal(TransferOutcome.Applied, book.Post(transfer));
                    Assert.Equal(TransferOutcome.Repeated, book.Post(transfer));
                }

                settled = Math.Max(settled, Math.Min(seen, life.Quantity));
            }

            foreach (var refund in AllocationSettlement.Close(allocation, settled))
            {
                Assert.Equal(TransferOutcome.Applied, book.Post(refund));
            }

            var notional = SettlementAmounts.Charge(life.Quantity, life.PriceMicros);
            var delivered = SettlementAmounts.Charge(settled, life.PriceMicros);
            Assert.Equal(0m, book.Balances.Values.Sum());
            Assert.Equal(0m, book.Balance(LedgerAccount.Escrow("m.a1")));
            Assert.True(book.Balance(LedgerAccount.Payable("provider")) >= 0);
            Assert.Equal(delivered, book.Balance(LedgerAccount.Payable("provider")) + book.Balance(LedgerAccount.Fees) + Credited(book, notional, delivered));

            // Each interval's fee is rounded down to twelve decimals: never more than the rate, and less by at most that per interval.
            var fees = book.Balance(LedgerAccount.Fees);
            var exact = SettlementAmounts.BasisPoints(delivered, life.FeeBps);
            Assert.InRange(fees, exact - (0.000000000001m * life.Readings.Length), exact);
        }, iter: 2_000);
    }

    // What went back to the buyer as SLO credits: its cash ends at minus what it paid plus the refund and credits.
    private static decimal Credited(LedgerBook book, decimal notional, decimal delivered) =>
        book.Balance(LedgerAccount.Cash("buyer")) + notional - (notional - delivered);
}
