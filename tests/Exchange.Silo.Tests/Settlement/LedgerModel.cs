namespace Exchange.Silo.Tests.Settlement;

/// <summary>A transfer as the model replays it.</summary>
public sealed record ModelTransfer(string TransferId, string Kind, string From, string To, decimal Amount, string? AllocationId, DateTimeOffset At)
{
    /// <summary>The amount signed from <paramref name="account"/>'s side: in positive, out negative, 0 when it does not touch it.</summary>
    public decimal For(string account) => To == account ? Amount : From == account ? -Amount : 0m;
}

/// <summary>
/// A small pure model of the ledger, apart from the exchange's: accounts named owner:kind, each transfer taking from one
/// exactly what it gives to another, and the floors the rules set (escrow, payable and fees never below zero, a buyer's
/// cash never below minus its credit limit). Replaying the stored transfers in chain order must break no floor, and
/// must arrive at the balances the exchange stored.
/// </summary>
public sealed class LedgerModel(Func<string, decimal?> cashFloor)
{
    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, decimal> Balances => _balances;

    public decimal Balance(string account) => _balances.GetValueOrDefault(account);

    /// <summary>Applies the transfer; a repeated id or a broken floor is a failure, named.</summary>
    public void Apply(ModelTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        Assert.True(_ids.Add(transfer.TransferId), $"{transfer.TransferId} was applied twice");
        Assert.True(transfer.Amount > 0, $"{transfer.TransferId} moves {transfer.Amount}");
        _balances[transfer.From] = Balance(transfer.From) - transfer.Amount;
        _balances[transfer.To] = Balance(transfer.To) + transfer.Amount;
        if (Floor(transfer.From) is { } floor)
        {
            Assert.True(Balance(transfer.From) >= floor, $"{transfer.TransferId} takes {transfer.From} to {Balance(transfer.From)}, below its floor {floor}");
        }
    }

    private decimal? Floor(string account) => account[(account.LastIndexOf(':') + 1)..] switch
    {
        "escrow" or "payable" or "fees" => 0m,
        "cash" => cashFloor(account[..account.LastIndexOf(':')]),
        _ => null,
    };
}
