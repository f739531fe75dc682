namespace Exchange.Markets.Settlement;

/// <summary>What an account holds money for.</summary>
public enum AccountKind
{
    /// <summary>A tenant's money at the exchange; a buyer's may go down to minus its credit limit.</summary>
    Cash,

    /// <summary>An allocation's money: the buyer's payment for tokens not yet delivered and settled.</summary>
    Escrow,

    /// <summary>A provider's proceeds, not yet paid out.</summary>
    Payable,

    /// <summary>The exchange's fees.</summary>
    Fees,

    /// <summary>The world outside the exchange: deposits come from it and payouts go to it, so every transfer has two sides.</summary>
    External,
}

/// <summary>One account of the ledger: its kind and whose it is (a tenant, an allocation, or the exchange).</summary>
public readonly record struct LedgerAccount(AccountKind Kind, string Owner)
{
    public const string Exchange = "exchange";

    public static LedgerAccount Cash(string tenantId) => new(AccountKind.Cash, tenantId);

    public static LedgerAccount Escrow(string allocationId) => new(AccountKind.Escrow, allocationId);

    public static LedgerAccount Payable(string providerId) => new(AccountKind.Payable, providerId);

    public static LedgerAccount External(string tenantId) => new(AccountKind.External, tenantId);

    public static LedgerAccount Fees { get; } = new(AccountKind.Fees, Exchange);

    /// <summary>The account's name as the API and the store spell it: <c>owner:kind</c>.</summary>
    public override string ToString() => $"{Owner}:{Kind.ToString().ToLowerInvariant()}";

    /// <summary>Reads an account's name back (the kind follows the last colon: owners never end in one).</summary>
    public static LedgerAccount Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var colon = name.LastIndexOf(':');
        return colon > 0 && Enum.TryParse<AccountKind>(name.AsSpan(colon + 1), ignoreCase: true, out var kind) && !int.TryParse(name.AsSpan(colon + 1), out _)
            ? new LedgerAccount(kind, name[..colon])
            : throw new FormatException($"'{name}' is not a ledger account (owner:kind).");
    }
}
