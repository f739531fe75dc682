namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// The last 1,000 fully filled maker ids, oldest first: a client that has not yet heard of the fill
/// still thinks they may be live, so some cancels aim at them and must do nothing.
/// </summary>
internal sealed class RecentlyFilled
{
    private const int Capacity = 1_000;

    private readonly long[] _ids = new long[Capacity];
    private int _oldest;

    public int Count { get; private set; }

    public long this[int index] => _ids[(_oldest + index) % Capacity];

    /// <summary>Once full, the newest id takes the oldest one's place.</summary>
    public void Add(long id)
    {
        if (Count < Capacity)
        {
            _ids[(_oldest + Count) % Capacity] = id;
            Count++;
            return;
        }
        _ids[_oldest] = id;
        _oldest = (_oldest + 1) % Capacity;
    }
}
