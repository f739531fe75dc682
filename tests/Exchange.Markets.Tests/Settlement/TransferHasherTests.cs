using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

public sealed class TransferHasherTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 15, 5, 0, TimeSpan.Zero);

    private static readonly Transfer Charge = new("m.a7.i1.charge", TransferKind.Charge, LedgerAccount.Escrow("m.a7"), LedgerAccount.Payable("hainan-compute"), 0.4179m, "m.a7");

    private static string Hex(Transfer transfer, TransferStatus status = TransferStatus.Posted, DateTimeOffset? at = null) =>
        Convert.ToHexStringLower(TransferHasher.Hash(TransferHasher.Genesis.Span, transfer, status, at ?? At));

    [Fact]
    public void Every_field_of_a_transfer_is_in_its_hash()
    {
        var hashes = new[]
        {
            Hex(Charge),
            Hex(Charge with { TransferId = "m.a7.i2.charge" }),
            Hex(Charge with { Kind = TransferKind.Fee }),
            Hex(Charge with { From = LedgerAccount.Cash("acme") }),
            Hex(Charge with { To = LedgerAccount.Fees }),
            Hex(Charge with { Amount = 0.4178m }),
            Hex(Charge with { AllocationId = null }),
            Hex(Charge with { AllocationId = "" }),
            Hex(Charge, TransferStatus.Pending),
            Hex(Charge, at: At.AddTicks(10)),
        };

        Assert.Equal(hashes.Length, hashes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void An_amount_hashes_the_same_however_many_trailing_zeros_it_carries_and_so_does_a_time_within_a_microsecond()
    {
        Assert.Equal(Hex(Charge), Hex(Charge with { Amount = 0.417900000000m }));
        Assert.Equal(Hex(Charge), Hex(Charge, at: At.AddTicks(9)));
    }

    [Fact]
    public void Each_hash_chains_to_the_one_before()
    {
        var first = TransferHasher.Hash(TransferHasher.Genesis.Span, Charge, TransferStatus.Posted, At);
        var second = TransferHasher.Hash(first, Charge with { TransferId = "m.a7.i1.fee", Kind = TransferKind.Fee, To = LedgerAccount.Fees, Amount = 0.0021m }, TransferStatus.Posted, At);
        var afterEdit = TransferHasher.Hash(TransferHasher.Hash(TransferHasher.Genesis.Span, Charge with { Amount = 0.5m }, TransferStatus.Posted, At),
            Charge with { TransferId = "m.a7.i1.fee", Kind = TransferKind.Fee, To = LedgerAccount.Fees, Amount = 0.0021m }, TransferStatus.Posted, At);

        Assert.NotEqual(second, afterEdit);
        Assert.Throws<ArgumentException>(() => TransferHasher.Hash(new byte[31], Charge, TransferStatus.Posted, At));
    }
}
