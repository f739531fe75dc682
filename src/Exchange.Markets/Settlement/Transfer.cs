namespace Exchange.Markets.Settlement;

/// <summary>Why money moved; the API spells each in kebab case.</summary>
public enum TransferKind
{
    Deposit,
    Escrow,
    Charge,
    Fee,
    SloCredit,
    Refund,
    Payout,

    /// <summary>Disputed money going back to the buyer when its dispute ends (by an operator or by time).</summary>
    Dispute,

    /// <summary>
    /// What a failed provider pays toward a replacement that costs more than the buyer agreed to pay, and what comes back
    /// to it for replacement tokens never delivered.
    /// </summary>
    Cover,

    /// <summary>What a failed provider pays the buyer it let down, on the value it did not deliver.</summary>
    Penalty,
}

/// <summary>Where a transfer stands: pending transfers count against their source's floor until posted or voided.</summary>
public enum TransferStatus
{
    Pending,
    Posted,
    Voided,
}

/// <summary>
/// Money moving from one account to another: immutable, exact (USD, at most twelve decimals, always positive), and
/// named by a deterministic id, so that a retried step finds its transfer instead of making a second one.
/// </summary>
public sealed record Transfer(string TransferId, TransferKind Kind, LedgerAccount From, LedgerAccount To, decimal Amount, string? AllocationId)
{
    /// <summary>Whether <paramref name="other"/> is this transfer again (the same id with the same content).</summary>
    public bool SameAs(Transfer other) =>
        other is not null && other.TransferId == TransferId && other.Kind == Kind && other.From == From && other.To == To
        && other.Amount == Amount && other.AllocationId == AllocationId;
}
