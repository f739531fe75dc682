using System.Globalization;
using System.Security.Cryptography;

namespace Exchange.Markets.Settlement;

/// <summary>
/// The transfers' hash chain, like the allocations': hash = SHA-256(prevHash ‖ canonical bytes of the transfer as
/// stored), so an edited, deleted or reordered transfer breaks every hash after it. The canonical form is versioned and
/// spelled here only: amounts as their shortest decimal text (1.5, not 1.50), times in microseconds (what PostgreSQL keeps).
/// </summary>
public static class TransferHasher
{
    private const byte CanonicalVersion = 1;

    /// <summary>The previous hash of the first transfer: 32 zero bytes.</summary>
    public static ReadOnlyMemory<byte> Genesis => AllocationHasher.Genesis;

    public static byte[] Hash(ReadOnlySpan<byte> prevHash, Transfer transfer, TransferStatus status, DateTimeOffset at)
    {
        if (prevHash.Length != 32)
        {
            throw new ArgumentException("A previous hash is 32 bytes.", nameof(prevHash));
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prevHash);
        sha.AppendData(Canonical(transfer, status, at));
        return sha.GetHashAndReset();
    }

    public static byte[] Canonical(Transfer transfer, TransferStatus status, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return new CanonicalBytes(CanonicalVersion)
            .String(transfer.TransferId)
            .String(transfer.Kind.ToString())
            .String(transfer.From.ToString())
            .String(transfer.To.ToString())
            .String(Money.Normalize(transfer.Amount).ToString(CultureInfo.InvariantCulture))
            .Byte(transfer.AllocationId is null ? (byte)0 : (byte)1)
            .String(transfer.AllocationId ?? "")
            .String(status.ToString())
            .Int64(AllocationHasher.UnixMicroseconds(at))
            .ToArray();
    }
}
