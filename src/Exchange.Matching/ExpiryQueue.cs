namespace Exchange.Matching;

/// <summary>
/// Binary min-heap of GTD expiries ordered by (expiry, priority). Entries are not removed when an
/// order leaves early; a popped entry counts only if its slot still holds the same order and priority.
/// </summary>
internal sealed class ExpiryQueue
{
    private Entry[] _heap = new Entry[16];

    public int Count { get; private set; }

    public long NextExpiry => Count == 0 ? long.MaxValue : _heap[0].ExpiresAt;

    public void Clear() => Count = 0;

    public void Push(long expiresAt, long priority, int slot)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, Count * 2);
        }
        int i = Count++;
        var entry = new Entry(expiresAt, priority, slot);
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(entry, _heap[parent]))
            {
                break;
            }
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = entry;
    }

    public (long Priority, int Slot) Pop()
    {
        var top = _heap[0];
        var last = _heap[--Count];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= Count)
            {
                break;
            }
            if (child + 1 < Count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }
            if (!Less(_heap[child], last))
            {
                break;
            }
            _heap[i] = _heap[child];
            i = child;
        }
        if (Count > 0)
        {
            _heap[i] = last;
        }
        return (top.Priority, top.Slot);
    }

    private static bool Less(in Entry a, in Entry b) =>
        a.ExpiresAt < b.ExpiresAt || (a.ExpiresAt == b.ExpiresAt && a.Priority < b.Priority);

    private readonly record struct Entry(long ExpiresAt, long Priority, int Slot);
}
