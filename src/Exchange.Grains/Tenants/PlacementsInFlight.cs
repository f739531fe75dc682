using Exchange.Contracts.Markets;

namespace Exchange.Grains.Tenants;

/// <summary>
/// A tenant's placements still on their way to a market, by client order id, so that a retry arriving meanwhile waits for
/// the first attempt and then answers as a retry of a finished one.
/// </summary>
internal sealed class PlacementsInFlight
{
    private readonly Dictionary<string, Task<PlaceOrderResult>> _inflight = new(StringComparer.Ordinal);

    /// <summary>Waits until no attempt with this client order id is on its way (another retry may send it again meanwhile).</summary>
    public async Task WaitForAsync(string clientOrderId)
    {
        while (_inflight.TryGetValue(clientOrderId, out var first))
        {
            await Settled(first);
        }
    }

    /// <summary>Lets retries of the order wait for this attempt while it is on its way.</summary>
    public async Task<PlaceOrderResult> Track(string clientOrderId, Task<PlaceOrderResult> placing)
    {
        _inflight[clientOrderId] = placing;
        try
        {
            return await placing;
        }
        finally
        {
            _inflight.Remove(clientOrderId);
        }
    }

    /// <summary>Waits for an earlier attempt to end; its failure is its own caller's answer, and the waiter goes on as if it came later.</summary>
    public static async Task Settled(Task earlier)
    {
        try
        {
            await earlier;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Reported to the earlier attempt's caller.
        }
    }
}
