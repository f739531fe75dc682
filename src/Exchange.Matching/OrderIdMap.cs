namespace Exchange.Matching;

/// <summary>
/// Order id to pool slot. The market grain hands out ids in increasing order, so the recent ids sit
/// in a direct-indexed window (one int per id, no hashing, no probing); ids that fall behind the
/// window while their order still rests move to a Robin Hood hash. If ids turn out to be sparse
/// (the window keeps jumping), the window switches itself off and everything lives in the hash.
/// Which structure holds an id never changes what the book does, only how fast it finds it.
/// </summary>
internal sealed class OrderIdMap
{
    private const int MaxFullScans = 16;

    private readonly int[] _window;
    private readonly int _windowMask;
    private readonly OrderIdHash _hash;
    private long _base = 1;
    private int _windowCount;
    private int _fullScans;

    public OrderIdMap(int capacity)
    {
        int size = 4_096;
        while (size < capacity * 4 && size < (1 << 18))
        {
            size *= 2;
        }
        _window = new int[size];
        _windowMask = size - 1;
        _hash = new OrderIdHash(capacity);
    }

    public int Count => _windowCount + _hash.Count;

    /// <summary>Returns the slot, or 0 when the id is not resting.</summary>
    public int Find(long id)
    {
        long offset = id - _base;
        if ((ulong)offset < (ulong)_window.Length)
        {
            return _window[(int)id & _windowMask];
        }
        return offset < 0 && _hash.Count != 0 ? _hash.Find(id) : 0;
    }

    /// <summary>Adds an id that is not in the map.</summary>
    public void Add(long id, int slot)
    {
        long offset = id - _base;
        if (offset >= _window.Length)
        {
            Advance(id);
            offset = id - _base;
        }
        if (offset < 0)
        {
            _hash.Add(id, slot);
            return;
        }
        _window[(int)id & _windowMask] = slot;
        _windowCount++;
    }

    public void Remove(long id)
    {
        long offset = id - _base;
        if ((ulong)offset < (ulong)_window.Length)
        {
            ref int entry = ref _window[(int)id & _windowMask];
            if (entry != 0)
            {
                entry = 0;
                _windowCount--;
            }
        }
        else if (offset < 0)
        {
            _hash.Remove(id);
        }
    }

    /// <summary>Slides the window so <paramref name="id"/> is its newest id, moving ids that fall out into the hash.</summary>
    private void Advance(long id)
    {
        long newBase = id - _window.Length + 1;
        if (newBase - _base >= _window.Length)
        {
            if (++_fullScans > MaxFullScans)
            {
                Evict(_base, _base + _window.Length);
                _base = long.MaxValue; // sparse ids: hash only from now on
                return;
            }
            Evict(_base, _base + _window.Length);
        }
        else
        {
            Evict(_base, newBase);
        }
        _base = newBase;
    }

    private void Evict(long from, long to)
    {
        for (long id = from; id < to && _windowCount > 0; id++)
        {
            ref int entry = ref _window[(int)id & _windowMask];
            if (entry != 0)
            {
                _hash.Add(id, entry);
                entry = 0;
                _windowCount--;
            }
        }
    }
}
