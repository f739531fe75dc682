namespace Exchange.Markets.Settlement;

/// <summary>What became of a transfer handed to the ledger.</summary>
public enum TransferOutcome
{
    /// <summary>Applied now.</summary>
    Applied,

    /// <summary>The same transfer was applied before; nothing changed (a retried step).</summary>
    Repeated,

    /// <summary>Another transfer holds this id; nothing changed.</summary>
    Conflict,

    /// <summary>It would take its source below the source's floor; nothing changed.</summary>
    BelowFloor,

    /// <summary>Not a transfer the ledger takes (amount not positive or finer than twelve decimals, an account to itself).</summary>
    Invalid,

    /// <summary>Posting or voiding a transfer that is not pending; nothing changed.</summary>
    NotPending,
}

/// <summary>
/// The double-entry ledger in memory: posted balances, pending transfers and every account's floor. Every transfer
/// takes from one account what it gives to another, so the balances of all accounts always add up to zero; a pending
/// transfer already counts against its source's floor, so posting it can never break one. Pure: the same transfers in
/// the same order give the same ledger.
/// </summary>
public sealed class LedgerBook(Func<LedgerAccount, decimal?> floor)
{
    private readonly Dictionary<LedgerAccount, decimal> _posted = [];
    private readonly Dictionary<LedgerAccount, decimal> _pendingOut = [];
    private readonly Dictionary<string, (Transfer Transfer, TransferStatus Status, bool Held)> _transfers = new(StringComparer.Ordinal);

    /// <summary>The floors the issue gives: cash at minus the tenant's credit limit, the world outside without one, every other account at zero.</summary>
    public static Func<LedgerAccount, decimal?> Floors(Func<string, decimal> creditLimit)
    {
        ArgumentNullException.ThrowIfNull(creditLimit);
        return account => account.Kind switch
        {
            AccountKind.External => null,
            AccountKind.Cash => -creditLimit(account.Owner),
            _ => 0m,
        };
    }

    /// <summary>The posted balance.</summary>
    public decimal Balance(LedgerAccount account) => _posted.GetValueOrDefault(account);

    /// <summary>The posted balance less what pending transfers will take from it.</summary>
    public decimal Available(LedgerAccount account) => Balance(account) - _pendingOut.GetValueOrDefault(account);

    /// <summary>Every account that has been touched, with its posted balance.</summary>
    public IReadOnlyDictionary<LedgerAccount, decimal> Balances => _posted.AsReadOnly();

    public TransferStatus? StatusOf(string transferId) => _transfers.TryGetValue(transferId, out var held) ? held.Status : null;

    /// <summary>
    /// Takes an account as stored (posted balance, and what pending transfers will take from it), so a book over only
    /// the accounts a step touches applies the same rules as one that saw every transfer.
    /// </summary>
    public void Restore(LedgerAccount account, decimal posted, decimal pendingOut)
    {
        _posted[account] = posted;
        _pendingOut[account] = pendingOut;
    }

    /// <summary>Knows a stored transfer, so that handing it in again is a repeat (or a conflict), without moving money again.</summary>
    public void Restore(Transfer transfer, TransferStatus status, bool held)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        _transfers[transfer.TransferId] = (transfer, status, held);
    }

    /// <summary>What pending transfers will take from the account.</summary>
    public decimal PendingOut(LedgerAccount account) => _pendingOut.GetValueOrDefault(account);

    /// <summary>Moves the money now.</summary>
    public TransferOutcome Post(Transfer transfer) => Take(transfer, TransferStatus.Posted);

    /// <summary>Reserves the money against its source's floor; <see cref="Complete"/> or <see cref="Void"/> decides later.</summary>
    public TransferOutcome Hold(Transfer transfer) => Take(transfer, TransferStatus.Pending);

    /// <summary>Posts a pending transfer.</summary>
    public TransferOutcome Complete(string transferId) => Decide(transferId, TransferStatus.Posted);

    /// <summary>Releases a pending transfer: its money stays where it was.</summary>
    public TransferOutcome Void(string transferId) => Decide(transferId, TransferStatus.Voided);

    private TransferOutcome Take(Transfer transfer, TransferStatus status)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        // A repeat is the same transfer made the same way: holding what was posted (or posting what is held, which is
        // Complete's job) is another request under the id.
        var held = status == TransferStatus.Pending;
        if (_transfers.TryGetValue(transfer.TransferId, out var earlier))
        {
            return earlier.Transfer.SameAs(transfer) && earlier.Held == held ? TransferOutcome.Repeated : TransferOutcome.Conflict;
        }

        if (transfer.Amount <= 0 || SettlementAmounts.Down(transfer.Amount) != transfer.Amount || transfer.From == transfer.To)
        {
            return TransferOutcome.Invalid;
        }

        if (floor(transfer.From) is { } least && Available(transfer.From) - transfer.Amount < least)
        {
            return TransferOutcome.BelowFloor;
        }

        _transfers.Add(transfer.TransferId, (transfer, status, held));
        if (status == TransferStatus.Posted)
        {
            Move(transfer);
        }
        else
        {
            _pendingOut[transfer.From] = _pendingOut.GetValueOrDefault(transfer.From) + transfer.Amount;
        }

        return TransferOutcome.Applied;
    }

    private TransferOutcome Decide(string transferId, TransferStatus status)
    {
        if (!_transfers.TryGetValue(transferId, out var pending) || pending.Status != TransferStatus.Pending)
        {
            return TransferOutcome.NotPending;
        }

        _transfers[transferId] = (pending.Transfer, status, pending.Held);
        _pendingOut[pending.Transfer.From] -= pending.Transfer.Amount;
        if (status == TransferStatus.Posted)
        {
            Move(pending.Transfer);
        }

        return TransferOutcome.Applied;
    }

    private void Move(Transfer transfer)
    {
        _posted[transfer.From] = Balance(transfer.From) - transfer.Amount;
        _posted[transfer.To] = Balance(transfer.To) + transfer.Amount;
    }
}
