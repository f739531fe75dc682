using Exchange.Contracts.Markets;

namespace Exchange.Grains.Markets;

/// <summary>Whether two order requests say the same thing, field by field (lists by content, not reference).</summary>
internal static class OrderRequestContent
{
    public static bool Same(OrderRequest a, OrderRequest b) => Encode(a).AsSpan().SequenceEqual(Encode(b));

    private static byte[] Encode(OrderRequest request)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            MarketCommandCodec.WriteRequest(writer, request);
        }

        return stream.ToArray();
    }
}
