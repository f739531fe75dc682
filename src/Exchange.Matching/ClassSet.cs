using System.Numerics;
using System.Runtime.CompilerServices;

namespace Exchange.Matching;

/// <summary>Storage of <see cref="ClassSet"/>: one bit per attribute class.</summary>
[InlineArray(ClassSet.Words)]
internal struct ClassWords
{
    private ulong _element;
}

/// <summary>
/// A set of attribute class indices below <see cref="Capacity"/>: 64-bit words plus a summary word
/// with one bit per non-empty word, so the usual case (one or a few classes in one word) costs a
/// couple of word operations, and a word whose summary bit is clear is never read.
/// </summary>
internal struct ClassSet
{
    public const int Words = 16;
    public const int Capacity = Words * 64;

    private ulong _summary;
    private ClassWords _words;

    public readonly bool IsEmpty => _summary == 0;

    /// <summary>
    /// The only class in <paramref name="a"/> ∩ <paramref name="b"/>, -1 when the intersection is
    /// empty, or -2 when it holds several; touches only the words both summaries share.
    /// </summary>
    public static int SingleOfIntersection(in ClassSet a, in ClassSet b)
    {
        ulong s = a._summary & b._summary;
        if ((s & (s - 1)) == 0)
        {
            if (s == 0)
            {
                return -1;
            }
            int word = BitOperations.TrailingZeroCount(s);
            ulong w = a._words[word] & b._words[word];
            return w == 0 ? -1 : (w & (w - 1)) == 0 ? (word << 6) + BitOperations.TrailingZeroCount(w) : -2;
        }
        int found = -1;
        for (; s != 0; s &= s - 1)
        {
            int word = BitOperations.TrailingZeroCount(s);
            ulong w = a._words[word] & b._words[word];
            if (w == 0)
            {
                continue;
            }
            if (found != -1 || (w & (w - 1)) != 0)
            {
                return -2;
            }
            found = (word << 6) + BitOperations.TrailingZeroCount(w);
        }
        return found;
    }

    /// <summary>True when exactly one class is in the set; <paramref name="only"/> is it.</summary>
    public readonly bool IsSingle(out int only)
    {
        ulong s = _summary;
        if (s == 0 || (s & (s - 1)) != 0)
        {
            only = -1;
            return false;
        }
        int word = BitOperations.TrailingZeroCount(s);
        ulong w = _words[word];
        only = (word << 6) + BitOperations.TrailingZeroCount(w);
        return (w & (w - 1)) == 0;
    }

    public readonly bool Contains(int k) =>
        (_summary & (1UL << (k >> 6))) != 0 && (_words[k >> 6] & (1UL << (k & 63))) != 0;

    public void Add(int k)
    {
        int word = k >> 6;
        ulong bit = 1UL << (k & 63);
        if ((_summary & (1UL << word)) == 0)
        {
            _words[word] = bit;
            _summary |= 1UL << word;
        }
        else
        {
            _words[word] |= bit;
        }
    }

    public void Remove(int k)
    {
        int word = k >> 6;
        if ((_summary & (1UL << word)) == 0)
        {
            return;
        }
        ref ulong w = ref _words[word];
        w &= ~(1UL << (k & 63));
        if (w == 0)
        {
            _summary &= ~(1UL << word);
        }
    }

    /// <summary>Removes and returns the lowest class (the set must not be empty).</summary>
    public int TakeFirst()
    {
        int word = BitOperations.TrailingZeroCount(_summary);
        ref ulong w = ref _words[word];
        int k = (word << 6) + BitOperations.TrailingZeroCount(w);
        w &= w - 1;
        if (w == 0)
        {
            _summary &= ~(1UL << word);
        }
        return k;
    }

    /// <summary><paramref name="a"/> ∩ <paramref name="b"/>.</summary>
    public static void Intersect(in ClassSet a, in ClassSet b, out ClassSet result)
    {
        Unsafe.SkipInit(out result);
        ulong summary = 0;
        for (ulong s = a._summary & b._summary; s != 0; s &= s - 1)
        {
            int word = BitOperations.TrailingZeroCount(s);
            ulong w = a._words[word] & b._words[word];
            if (w != 0)
            {
                result._words[word] = w;
                summary |= 1UL << word;
            }
        }
        result._summary = summary;
    }

    public readonly bool SetEquals(in ClassSet other)
    {
        if (_summary != other._summary)
        {
            return false;
        }
        for (ulong s = _summary; s != 0; s &= s - 1)
        {
            int word = BitOperations.TrailingZeroCount(s);
            if (_words[word] != other._words[word])
            {
                return false;
            }
        }
        return true;
    }
}
