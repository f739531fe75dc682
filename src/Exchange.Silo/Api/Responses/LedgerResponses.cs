using System.Text.Json.Serialization;
using Exchange.Markets.Settlement;
using Exchange.Storage.Settlement;

namespace Exchange.Silo.Api.Responses;

/// <summary>A ledger transfer: money from one account (owner:kind) to another, hash-chained in the ledger's order.</summary>
public sealed record TransferResponse(
    string TransferId, DateTimeOffset At, string Kind, string DebitAccount, string CreditAccount, string Amount, string? AllocationId, string Status,
    string? Reference, long Position, string Hash, string PrevHash)
{
    public static TransferResponse From(StoredTransfer stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var t = stored.Transfer;
        return new(t.TransferId, stored.At, LedgerFormat.Kind(t.Kind), t.From.ToString(), t.To.ToString(), ApiFormat.Usd(t.Amount), t.AllocationId,
            stored.Status.ToString().ToLowerInvariant(), stored.Reference, stored.Position, ApiFormat.Hex(stored.Hash), ApiFormat.Hex(stored.PrevHash));
    }
}

/// <summary>A tenant's money in USD: cash, held by open buys, in its allocations' escrow, payable to it, its credit limit and what it may still commit.</summary>
public sealed record BalancesResponse(string Currency, string Cash, string Held, string Escrow, string Payable, string CreditLimit, string Available);

/// <summary>
/// One settled interval of an allocation's delivery: status settled, or disputed when the buyer's receipts held back
/// part of what was metered (disputed: those token-equivalents, cumulative at the interval's end).
/// </summary>
public sealed record DeliveryIntervalResponse(
    DateTimeOffset Start, DateTimeOffset End, long Delivered, string Charged, string? SloAttainment, string Credited, string Status, long Disputed);

/// <summary>
/// A dispute opened at close: the token-equivalents held in escrow, until when an operator may resolve it, and how it
/// ended (status open, resolved or expired; awarded: the part found delivered and charged, with the SLO credit of the
/// intervals that delivered it; the rest refunded).
/// </summary>
public sealed record DisputeResponse(
    long Disputed, DateTimeOffset DueAt, string Status, long? Awarded, string? ResolvedBy, string? Reason, DateTimeOffset? EndedAt, string Charged,
    string Credited, string Refunded);

/// <summary>
/// An allocation's delivery: metered so far, what settlement charged, credited and refunded, its intervals and its
/// dispute, if its close opened one (status disputed until it ends).
/// </summary>
/// <param name="Reallocated">Token-equivalents its cluster did not deliver before it failed, moved to replacements (or refunded) by failover.</param>
public sealed record DeliveryResponse(
    string AllocationId, long Quantity, long Delivered, long Remaining, string Charged, string Credited, string Refunded, string Status,
    IReadOnlyList<DeliveryIntervalResponse> Intervals, DisputeResponse? Dispute, long Reallocated);

/// <summary>A statement line: a transfer, signed from the tenant's side, and its money after it.</summary>
public sealed record StatementLineResponse(string TransferId, DateTimeOffset At, string Kind, string? AllocationId, string Amount, string BalanceAfter);

/// <summary>A tenant's month: its money (cash and payable) at the start, every transfer that moved it, totals per kind, and at the end.</summary>
public sealed record StatementResponse(
    string TenantId, string Month, string Currency, string Opening, string Closing, IReadOnlyDictionary<string, string> Totals,
    IReadOnlyList<StatementLineResponse> Lines);

/// <summary>One row of the export flows: the sums, and the grouping's values (only those asked for; the others are absent).</summary>
public sealed record FlowResponse(
    long Delivered, string Charged, string Credited, string Refunded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Region = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jurisdiction = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Provider = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Day = null)
{
    public static FlowResponse From(FlowRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string? Key(string name) => row.Keys.TryGetValue(name, out var value) ? value : null;
        return new(row.Delivered, ApiFormat.Usd(row.Charged), ApiFormat.Usd(row.Credited), ApiFormat.Usd(row.Refunded),
            Key("region"), Key("jurisdiction"), Key("model"), Key("provider"), Key("day"));
    }
}

/// <summary>How the ledger's words are spelled on the wire.</summary>
public static class LedgerFormat
{
    /// <summary>Transfer kinds in kebab case: deposit, escrow, charge, fee, slo-credit, refund, payout, dispute, cover, penalty.</summary>
    public static IReadOnlyDictionary<string, TransferKind> Kinds { get; } =
        Enum.GetValues<TransferKind>().ToDictionary(Kind, k => k, StringComparer.Ordinal);

    public static string Kind(TransferKind kind) => kind == TransferKind.SloCredit ? "slo-credit" : kind.ToString().ToLowerInvariant();
}
