namespace Exchange.Matching;

/// <summary>
/// One side of a book: up to <see cref="MaxClasses"/> attribute classes with their own price queues.
/// Classes are recycled when their last order leaves, so the limit applies to attribute sets resting
/// at the same time, and an order that would need a new class when all are taken is refused only if
/// its remainder would rest.
/// </summary>
internal sealed class BookSide
{
    /// <summary>Distinct attribute sets that can rest on one side at once.</summary>
    public const int MaxClasses = ClassSet.Capacity;

    private readonly ClassQueues?[] _classes = new ClassQueues?[MaxClasses];
    private readonly Dictionary<ulong, int> _byKey = [];
    private readonly int _maxLevel;
    private ClassSet _live;
    private int _liveCount;
    private ulong _lastKey;
    private int _lastClass = -1;

    public BookSide(bool isBid, int maxLevel)
    {
        IsBid = isBid;
        _maxLevel = maxLevel;
    }

    public bool IsBid { get; }

    /// <summary>Classes with at least one resting order.</summary>
    public ref readonly ClassSet Live => ref _live;

    public ClassQueues Class(int index) => _classes[index]!;

    /// <summary>The live class with this key, or -1.</summary>
    public int Find(ulong key)
    {
        if (_lastClass >= 0 && _lastKey == key)
        {
            return _lastClass;
        }
        if (_liveCount == 0 || !_byKey.TryGetValue(key, out int k))
        {
            return -1;
        }
        _lastKey = key;
        _lastClass = k;
        return k;
    }

    public bool IsFull => _liveCount == MaxClasses;

    /// <summary>Makes a class live for <paramref name="key"/>, reusing the lowest free index so layouts are deterministic.</summary>
    public int Register(ulong key, BookSide opposite)
    {
        int k = 0;
        while (_live.Contains(k))
        {
            k++;
        }
        var queues = _classes[k];
        if (queues is null)
        {
            queues = new ClassQueues(_maxLevel);
            _classes[k] = queues;
        }
        queues.Key = key;
        queues.Count = 0;
        var compatible = default(ClassSet);
        var m = opposite._live;
        while (!m.IsEmpty)
        {
            int j = m.TakeFirst();
            var other = opposite._classes[j]!;
            bool ok = IsBid ? AttributeKeys.Compatible(other.Key, key) : AttributeKeys.Compatible(key, other.Key);
            if (ok)
            {
                compatible.Add(j);
                other.Compatible.Add(k);
            }
        }
        queues.Compatible = compatible;
        _live.Add(k);
        _liveCount++;
        _byKey.Add(key, k);
        _lastKey = key;
        _lastClass = k;
        return k;
    }

    public void Unregister(int k, BookSide opposite)
    {
        var queues = _classes[k]!;
        var m = queues.Compatible;
        while (!m.IsEmpty)
        {
            opposite._classes[m.TakeFirst()]!.Compatible.Remove(k);
        }
        queues.Compatible = default;
        _live.Remove(k);
        _liveCount--;
        _byKey.Remove(queues.Key);
        if (_lastClass == k)
        {
            _lastClass = -1;
        }
    }

    /// <summary>Which of this side's live classes a counterparty with <paramref name="counterKey"/> can trade with.</summary>
    public ClassSet CompatibleWith(ulong counterKey)
    {
        var result = default(ClassSet);
        CompatibleWith(counterKey, ref result);
        return result;
    }

    /// <summary>Writes <see cref="CompatibleWith(ulong)"/> into <paramref name="result"/> (a book field: no large local).</summary>
    public void CompatibleWith(ulong counterKey, ref ClassSet result)
    {
        result = default;
        var m = _live;
        while (!m.IsEmpty)
        {
            int k = m.TakeFirst();
            ulong key = _classes[k]!.Key;
            bool ok = IsBid ? AttributeKeys.Compatible(counterKey, key) : AttributeKeys.Compatible(key, counterKey);
            if (ok)
            {
                result.Add(k);
            }
        }
    }

    /// <summary>Best level among the given classes (live ones only), or -1.</summary>
    public int BestOf(in ClassSet classes)
    {
        ClassSet.Intersect(in classes, in _live, out var m);
        int best = -1;
        while (!m.IsEmpty)
        {
            int level = _classes[m.TakeFirst()]!.Best;
            if (best < 0 || (IsBid ? level > best : level < best))
            {
                best = level;
            }
        }
        return best;
    }

    /// <summary>Best level over every live class, or -1.</summary>
    public int Best() => BestOf(in _live);

    /// <summary>Total quantity and order count at a level over every class, for market data.</summary>
    public (long Quantity, int Count) Aggregate(int level)
    {
        long quantity = 0;
        int count = 0;
        var m = _live;
        while (!m.IsEmpty)
        {
            var queue = _classes[m.TakeFirst()]!.Peek(level);
            quantity += queue.Quantity;
            count += queue.Count;
        }
        return (quantity, count);
    }
}
