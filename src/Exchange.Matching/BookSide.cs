using System.Numerics;

namespace Exchange.Matching;

/// <summary>
/// One side of a book: up to <see cref="MaxClasses"/> attribute classes with their own price queues. Classes are recycled when their last order leaves, so
/// the limit applies to attribute sets resting at the same time.
/// </summary>
internal sealed class BookSide
{
    /// <summary>Class sets are <see cref="ulong"/> bitmasks.</summary>
    public const int MaxClasses = 64;

    private readonly ClassQueues?[] _classes = new ClassQueues?[MaxClasses];
    private ulong _lastKey;
    private int _lastClass = -1;

    public BookSide(bool isBid, int levels)
    {
        IsBid = isBid;
        Levels = levels;
    }

    public bool IsBid { get; }

    /// <summary>Classes with at least one resting order.</summary>
    public ulong Live { get; private set; }

    public int Levels { get; private set; }

    public ClassQueues Class(int index) => _classes[index]!;

    /// <summary>The live class with this key, or -1.</summary>
    public int Find(ulong key)
    {
        if (_lastClass >= 0 && _lastKey == key)
        {
            return _lastClass;
        }
        for (ulong m = Live; m != 0; m &= m - 1)
        {
            int k = BitOperations.TrailingZeroCount(m);
            if (_classes[k]!.Key == key)
            {
                _lastKey = key;
                _lastClass = k;
                return k;
            }
        }
        return -1;
    }

    public bool IsFull => Live == ulong.MaxValue;

    /// <summary>Makes a class live for <paramref name="key"/>, reusing the lowest free index so layouts are deterministic.</summary>
    public int Register(ulong key, BookSide opposite)
    {
        int k = BitOperations.TrailingZeroCount(~Live);
        var queues = _classes[k];
        if (queues is null)
        {
            queues = new ClassQueues(Levels);
            _classes[k] = queues;
        }
        else
        {
            queues.Grow(Levels);
        }
        queues.Key = key;
        queues.Count = 0;
        ulong compatible = 0;
        for (ulong m = opposite.Live; m != 0; m &= m - 1)
        {
            int j = BitOperations.TrailingZeroCount(m);
            var other = opposite._classes[j]!;
            bool ok = IsBid ? AttributeKeys.Compatible(other.Key, key) : AttributeKeys.Compatible(key, other.Key);
            if (ok)
            {
                compatible |= 1UL << j;
                other.Compatible |= 1UL << k;
            }
        }
        queues.Compatible = compatible;
        Live |= 1UL << k;
        _lastKey = key;
        _lastClass = k;
        return k;
    }

    public void Unregister(int k, BookSide opposite)
    {
        var queues = _classes[k]!;
        for (ulong m = queues.Compatible; m != 0; m &= m - 1)
        {
            opposite._classes[BitOperations.TrailingZeroCount(m)]!.Compatible &= ~(1UL << k);
        }
        queues.Compatible = 0;
        Live &= ~(1UL << k);
        if (_lastClass == k)
        {
            _lastClass = -1;
        }
    }

    /// <summary>Which of this side's live classes a counterparty with <paramref name="counterKey"/> can trade with.</summary>
    public ulong CompatibleWith(ulong counterKey)
    {
        ulong result = 0;
        for (ulong m = Live; m != 0; m &= m - 1)
        {
            int k = BitOperations.TrailingZeroCount(m);
            ulong key = _classes[k]!.Key;
            bool ok = IsBid ? AttributeKeys.Compatible(counterKey, key) : AttributeKeys.Compatible(key, counterKey);
            if (ok)
            {
                result |= 1UL << k;
            }
        }
        return result;
    }

    /// <summary>Best level among the given live classes, or -1.</summary>
    public int BestOf(ulong classes)
    {
        int best = -1;
        for (ulong m = classes & Live; m != 0; m &= m - 1)
        {
            int level = _classes[BitOperations.TrailingZeroCount(m)]!.Best;
            if (best < 0 || (IsBid ? level > best : level < best))
            {
                best = level;
            }
        }
        return best;
    }

    /// <summary>Total quantity and order count at a level over every class, for market data.</summary>
    public (long Quantity, int Count) Aggregate(int level)
    {
        long quantity = 0;
        int count = 0;
        for (ulong m = Live; m != 0; m &= m - 1)
        {
            var queue = _classes[BitOperations.TrailingZeroCount(m)]!.Peek(level);
            quantity += queue.Quantity;
            count += queue.Count;
        }
        return (quantity, count);
    }

    public void EnsureLevel(int level, int maxLevel)
    {
        if (level < Levels)
        {
            return;
        }
        int levels = Math.Min(Math.Max(Levels * 2, level + 1), maxLevel + 1);
        Levels = levels;
        foreach (var queues in _classes)
        {
            queues?.Grow(levels);
        }
    }
}
