using System.Security.Cryptography;

namespace Exchange.Markets;

/// <summary>
/// The per-market hash chain: hash = SHA-256(prevHash ‖ canonical bytes of the allocation).
/// The canonical form is fixed here and versioned, so anyone can recompute a chain from the rows.
/// </summary>
public static class AllocationHasher
{
    /// <summary>The previous hash of a market's first allocation: 32 zero bytes.</summary>
    public static ReadOnlyMemory<byte> Genesis { get; } = new byte[32];

    private const byte CanonicalVersion = 1;

    // A re-allocation's form: version 1's fields, then its parent's id. A trade keeps version 1, so no stored hash changes.
    private const byte ReallocationVersion = 2;

    /// <summary>The chain hash of <paramref name="allocation"/>, ignoring its own Hash and PrevHash fields.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> prevHash, AllocationRecord allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        if (prevHash.Length != 32)
        {
            throw new ArgumentException("A previous hash is 32 bytes.", nameof(prevHash));
        }

        var canonical = Canonical(allocation);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prevHash);
        sha.AppendData(canonical);
        return sha.GetHashAndReset();
    }

    /// <summary>The allocation's canonical bytes: every field the contract lists except the hashes, in contract order.</summary>
    public static byte[] Canonical(AllocationRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var bytes = new CanonicalBytes(a.ParentAllocationId is null ? CanonicalVersion : ReallocationVersion)
            .String(a.AllocationId)
            .String(a.MarketId)
            .String(a.Model)
            .Int64(a.PeriodStart.ToUnixTimeMilliseconds())
            .Int64(a.PeriodEnd.ToUnixTimeMilliseconds())
            .String(a.BuyerId)
            .String(a.BuyerJurisdiction)
            .String(a.BuyOrderId)
            .String(a.ProviderId)
            .String(a.ClusterId)
            .String(a.Region)
            .String(a.SellOrderId)
            .Int64(a.Quantity)
            .Int64(a.PriceMicros)
            .Int64(UnixMicroseconds(a.MatchedAt))
            .Int64(a.Sequence);
        return (a.ParentAllocationId is { } parent ? bytes.String(parent) : bytes).ToArray();
    }

    /// <summary>Microseconds since the Unix epoch: the precision PostgreSQL keeps, so stored rows hash the same.</summary>
    public static long UnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
