using System.Numerics;

namespace Exchange.Matching;

/// <summary>Scans a small bitmap (one node of <see cref="ClassQueues"/>' radix tree), 64 bits per step.</summary>
internal static class LevelBits
{
    public static bool IsSet(ulong[] bits, int index) => (bits[index >> 6] & (1UL << (index & 63))) != 0;

    /// <summary>Lowest set index at or above <paramref name="from"/>, or -1.</summary>
    public static int NextAtOrAbove(ulong[] bits, int from)
    {
        int word = from >> 6;
        if (word >= bits.Length)
        {
            return -1;
        }
        ulong w = bits[word] & (ulong.MaxValue << (from & 63));
        while (w == 0)
        {
            if (++word == bits.Length)
            {
                return -1;
            }
            w = bits[word];
        }
        return (word << 6) + BitOperations.TrailingZeroCount(w);
    }

    /// <summary>Highest set index at or below <paramref name="from"/>, or -1.</summary>
    public static int NextAtOrBelow(ulong[] bits, int from)
    {
        if (from < 0)
        {
            return -1;
        }
        int word = from >> 6;
        if (word >= bits.Length)
        {
            word = bits.Length - 1;
            from = (word << 6) + 63;
        }
        ulong w = bits[word] & (ulong.MaxValue >> (63 - (from & 63)));
        while (w == 0)
        {
            if (--word < 0)
            {
                return -1;
            }
            w = bits[word];
        }
        return (word << 6) + 63 - BitOperations.LeadingZeroCount(w);
    }
}
