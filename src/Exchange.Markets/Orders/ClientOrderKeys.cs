using System.Text;

namespace Exchange.Markets;

/// <summary>
/// A 64-bit fingerprint of (tenant, client order id), stable across processes (FNV-1a over UTF-8), so a
/// market can remember every client order id it ever accepted in 8 bytes each once the orders themselves
/// have left memory. A hit is confirmed against the order store, so a collision costs a query, never
/// a wrong answer.
/// </summary>
public static class ClientOrderKeys
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(string tenantId, string clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(clientOrderId);
        var hash = OffsetBasis;
        hash = Mix(hash, tenantId);
        hash = (hash ^ 0xFF) * Prime;
        return Mix(hash, clientOrderId);
    }

    private static ulong Mix(ulong hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(value) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(value, buffer)] : Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
