namespace Exchange.Grains.Clusters;

/// <summary>The key that names an order before the market has given it an id: its tenant and client order id.</summary>
internal static class OrderKeys
{
    public static string For(string tenantId, string clientOrderId) => $"{tenantId}\n{clientOrderId}";
}
