using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

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
        var buffer = new List<byte>(256) { CanonicalVersion };
        AddString(buffer, a.AllocationId);
        AddString(buffer, a.MarketId);
        AddString(buffer, a.Model);
        AddInt64(buffer, a.PeriodStart.ToUnixTimeMilliseconds());
        AddInt64(buffer, a.PeriodEnd.ToUnixTimeMilliseconds());
        AddString(buffer, a.BuyerId);
        AddString(buffer, a.BuyerJurisdiction);
        AddString(buffer, a.BuyOrderId);
        AddString(buffer, a.ProviderId);
        AddString(buffer, a.ClusterId);
        AddString(buffer, a.Region);
        AddString(buffer, a.SellOrderId);
        AddInt64(buffer, a.Quantity);
        AddInt64(buffer, a.PriceMicros);
        AddInt64(buffer, UnixMicroseconds(a.MatchedAt));
        AddInt64(buffer, a.Sequence);
        return [.. buffer];
    }

    /// <summary>Microseconds since the Unix epoch: the precision PostgreSQL keeps, so stored rows hash the same.</summary>
    public static long UnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static void AddString(List<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AddInt32(buffer, bytes.Length);
        buffer.AddRange(bytes);
    }

    private static void AddInt32(List<byte> buffer, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    private static void AddInt64(List<byte> buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.AddRange(bytes);
    }
}
