namespace Exchange.Matching;

/// <summary>Array-backed pool of order slots with a free list threaded through <see cref="RestingOrder.Next"/>.</summary>
internal sealed class OrderPool
{
    private int _freeHead;
    private int _highWater = 1;

    public OrderPool(int capacity) => Items = new RestingOrder[Math.Max(capacity, 16)];

    /// <summary>The slots; re-read after <see cref="Allocate"/>, which may grow the array.</summary>
    public RestingOrder[] Items { get; private set; }

    public int Count { get; private set; }

    /// <summary>Slots ever handed out, plus the nil slot; scans stop here.</summary>
    public int HighWater => _highWater;

    public int Allocate()
    {
        Count++;
        if (_freeHead != 0)
        {
            int slot = _freeHead;
            _freeHead = Items[slot].Next;
            return slot;
        }
        if (_highWater == Items.Length)
        {
            var grown = new RestingOrder[Items.Length * 2];
            Array.Copy(Items, grown, Items.Length);
            Items = grown;
        }
        return _highWater++;
    }

    public void Release(int slot)
    {
        Count--;
        ref var order = ref Items[slot];
        order.Id = 0;
        order.Next = _freeHead;
        _freeHead = slot;
    }
}
