using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

public sealed class LedgerBookTests
{
    private static readonly LedgerAccount BuyerCash = LedgerAccount.Cash("buyer");
    private static readonly LedgerAccount Escrow = LedgerAccount.Escrow("m.a1");

    private static LedgerBook Book(decimal creditLimit = 100m) => new(LedgerBook.Floors(_ => creditLimit));

    private static Transfer Move(string id, decimal amount, LedgerAccount? from = null, LedgerAccount? to = null) =>
        new(id, TransferKind.Escrow, from ?? BuyerCash, to ?? Escrow, amount, "m.a1");

    [Fact]
    public void A_transfer_takes_from_one_account_what_it_gives_the_other()
    {
        var book = Book();

        Assert.Equal(TransferOutcome.Applied, book.Post(Move("t1", 40.5m)));

        Assert.Equal(-40.5m, book.Balance(BuyerCash));
        Assert.Equal(40.5m, book.Balance(Escrow));
        Assert.Equal(0m, book.Balances.Values.Sum());
    }

    [Fact]
    public void A_retried_transfer_finds_the_first_and_changes_nothing()
    {
        var book = Book();
        book.Post(Move("t1", 10m));

        Assert.Equal(TransferOutcome.Repeated, book.Post(Move("t1", 10m)));
        Assert.Equal(10m, book.Balance(Escrow));
    }

    [Fact]
    public void Another_transfer_under_a_taken_id_is_a_conflict_and_changes_nothing()
    {
        var book = Book();
        book.Post(Move("t1", 10m));

        Assert.Equal(TransferOutcome.Conflict, book.Post(Move("t1", 11m)));
        Assert.Equal(10m, book.Balance(Escrow));
    }

    [Fact]
    public void Cash_goes_down_to_minus_the_credit_limit_and_no_further()
    {
        var book = Book(creditLimit: 100m);

        Assert.Equal(TransferOutcome.Applied, book.Post(Move("t1", 100m)));
        Assert.Equal(TransferOutcome.BelowFloor, book.Post(Move("t2", 0.000000000001m)));
        Assert.Equal(-100m, book.Balance(BuyerCash));
        Assert.Null(book.StatusOf("t2"));
    }

    [Fact]
    public void An_escrow_cannot_pay_out_more_than_it_holds()
    {
        var book = Book();
        book.Post(Move("fund", 5m));

        Assert.Equal(TransferOutcome.BelowFloor, book.Post(Move("charge", 5.000000000001m, Escrow, LedgerAccount.Payable("provider"))));
        Assert.Equal(TransferOutcome.Applied, book.Post(Move("charge2", 5m, Escrow, LedgerAccount.Payable("provider"))));
        Assert.Equal(0m, book.Balance(Escrow));
    }

    [Fact]
    public void A_pending_transfer_counts_against_the_floor_and_moves_nothing_until_posted()
    {
        var book = Book(creditLimit: 100m);

        Assert.Equal(TransferOutcome.Applied, book.Hold(Move("hold", 80m)));
        Assert.Equal(0m, book.Balance(BuyerCash));
        Assert.Equal(-80m, book.Available(BuyerCash));
        Assert.Equal(TransferOutcome.BelowFloor, book.Post(Move("other", 30m)));

        Assert.Equal(TransferOutcome.Applied, book.Complete("hold"));
        Assert.Equal(-80m, book.Balance(BuyerCash));
        Assert.Equal(80m, book.Balance(Escrow));
        Assert.Equal(TransferStatus.Posted, book.StatusOf("hold"));
        Assert.Equal(TransferOutcome.NotPending, book.Complete("hold"));
    }

    [Fact]
    public void Posting_what_was_held_is_not_a_repeat_but_another_request_under_the_id()
    {
        var book = Book();
        book.Hold(Move("hold", 10m));
        book.Post(Move("post", 10m));

        Assert.Equal(TransferOutcome.Conflict, book.Post(Move("hold", 10m)));
        Assert.Equal(TransferOutcome.Conflict, book.Hold(Move("post", 10m)));
        Assert.Equal(TransferOutcome.Repeated, book.Hold(Move("hold", 10m)));
        Assert.Equal(10m, book.Balance(Escrow));
    }

    [Fact]
    public void A_voided_transfer_leaves_the_money_where_it_was_and_frees_the_floor()
    {
        var book = Book(creditLimit: 100m);
        book.Hold(Move("hold", 80m));

        Assert.Equal(TransferOutcome.Applied, book.Void("hold"));

        Assert.Equal(0m, book.Balance(BuyerCash));
        Assert.Equal(0m, book.Available(BuyerCash));
        Assert.Equal(TransferOutcome.Applied, book.Post(Move("other", 100m)));
        Assert.Equal(TransferOutcome.NotPending, book.Void("hold"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0.0000000000001)]
    public void Amounts_that_are_not_positive_or_finer_than_twelve_decimals_are_refused(double amount)
    {
        var book = Book();

        Assert.Equal(TransferOutcome.Invalid, book.Post(Move("t", (decimal)amount)));
        Assert.Empty(book.Balances);
    }

    [Fact]
    public void The_world_outside_has_no_floor_so_deposits_can_always_arrive()
    {
        var book = Book();

        Assert.Equal(TransferOutcome.Applied, book.Post(new Transfer("dep", TransferKind.Deposit, LedgerAccount.External("buyer"), BuyerCash, 1_000_000m, null)));
        Assert.Equal(1_000_000m, book.Balance(BuyerCash));
    }
}
