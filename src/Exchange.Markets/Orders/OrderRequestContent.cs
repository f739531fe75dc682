
namespace Exchange.Markets;

/// <summary>
/// Whether two order requests say the same thing, field by field (lists by content, not reference). Only what the
/// client sent counts: a sell's cluster attributes and the buyer's jurisdiction are the exchange's additions.
/// </summary>
public static class OrderRequestContent
{
    public static bool Same(OrderRequest a, OrderRequest b) => Encode(AsSent(a)).AsSpan().SequenceEqual(Encode(AsSent(b)));

    private static OrderRequest AsSent(OrderRequest request) => request with
    {
        Cluster = request.Cluster is { } cluster ? new SellerCluster(cluster.ClusterId, "", 0, []) : null,
        Jurisdiction = "",
    };

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
