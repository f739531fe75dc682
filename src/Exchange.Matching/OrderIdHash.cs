using System.Runtime.CompilerServices;

namespace Exchange.Matching;

/// <summary>Robin Hood open-addressing map from order id to pool slot, with block hashing and backward-shift deletion; the fallback of <see cref="OrderIdMap"/>.</summary>
/// <remarks>
/// Ids are hashed in aligned blocks of 64: the block number is scattered by Fibonacci hashing, the low
/// six bits stay in place. Sequentially assigned ids (what the market grain does) therefore land in
/// neighbouring buckets and the live orders of a busy book share cache lines, while strided or
/// clustered id patterns still spread over the table. Robin Hood ordering keeps every probe short and
/// lets a removal stop at the first entry that sits in its home bucket, so cancels stay O(1) even in
/// long runs of consecutive ids. Key 0 marks an empty bucket (ids are positive); no tombstones.
/// </remarks>
internal sealed class OrderIdHash
{
    private Entry[] _entries;
    private int _mask;
    private int _shift;

    public OrderIdHash(int capacity)
    {
        int size = 128;
        while (size < capacity * 2)
        {
            size *= 2;
        }
        _entries = new Entry[size];
        _mask = size - 1;
        _shift = 64 - (System.Numerics.BitOperations.Log2((uint)size) - 6);
    }

    public int Count { get; private set; }

    /// <summary>Returns the slot, or 0 when the id is not resting.</summary>
    public int Find(long id)
    {
        var entries = _entries;
        int i = Home(id);
        for (int distance = 0; ; distance++)
        {
            ref var entry = ref entries[i];
            if (entry.Key == id)
            {
                return entry.Slot;
            }
            if (entry.Key == 0 || ((i - entry.Home) & _mask) < distance)
            {
                return 0;
            }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds an id that is not in the map.</summary>
    public void Add(long id, int slot)
    {
        if ((Count + 1) * 2 > _entries.Length)
        {
            Grow();
        }
        var entries = _entries;
        int home = Home(id);
        var carried = new Entry(id, slot, home);
        int i = home;
        for (int distance = 0; ; distance++)
        {
            ref var entry = ref entries[i];
            if (entry.Key == 0)
            {
                entry = carried;
                Count++;
                return;
            }
            int theirs = (i - entry.Home) & _mask;
            if (theirs < distance)
            {
                // Robin Hood: the poorer entry (further from home) takes the bucket.
                (entry, carried) = (carried, entry);
                distance = theirs;
            }
            i = (i + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Remove(long id)
    {
        var entries = _entries;
        int i = Home(id);
        for (int distance = 0; ; distance++)
        {
            long key = entries[i].Key;
            if (key == id)
            {
                break;
            }
            if (key == 0 || ((i - entries[i].Home) & _mask) < distance)
            {
                return;
            }
            i = (i + 1) & _mask;
        }
        RemoveAt(i);
    }

    /// <summary>Empties a bucket, shifting the rest of its run back.</summary>
    private void RemoveAt(int bucket)
    {
        var entries = _entries;
        int i = bucket;
        while (true)
        {
            int next = (i + 1) & _mask;
            ref var following = ref entries[next];
            if (following.Key == 0 || following.Home == next)
            {
                entries[i] = default;
                break;
            }
            entries[i] = following;
            i = next;
        }
        Count--;
    }

    private int Home(long id) =>
        (int)(((((ulong)id >> 6) * 0x9E3779B97F4A7C15UL) >> _shift) << 6) | (int)(id & 63);

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _mask = _entries.Length - 1;
        _shift--;
        Count = 0;
        foreach (var entry in old)
        {
            if (entry.Key != 0)
            {
                Add(entry.Key, entry.Slot);
            }
        }
    }

    private record struct Entry(long Key, int Slot, int Home);
}
