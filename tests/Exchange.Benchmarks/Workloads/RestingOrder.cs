using Exchange.Matching;

namespace Exchange.Benchmarks.Workloads;

/// <summary>A limit order of the reference matcher; only its remaining quantity changes.</summary>
internal sealed class RestingOrder(long id, Side side, long price, long remaining)
{
    public long Id { get; } = id;

    public Side Side { get; } = side;

    public long Price { get; } = price;

    public long Remaining { get; set; } = remaining;
}
