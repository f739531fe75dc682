namespace Exchange.Matching;

/// <summary>
/// The resting orders of one attribute class on one side: a FIFO queue per price level, a bitmap of
/// non-empty levels and the best level. Orders with equal attribute keys are interchangeable for every
/// counterparty, so a taker visits only the classes it is compatible with and never scans the others.
/// </summary>
/// <remarks>
/// Levels form a three-level radix tree: pages of 1,024 levels (queues plus a 1,024-bit bitmap),
/// chunks of 1,024 pages (page pointers plus a 1,024-bit summary of non-empty pages), and a small top
/// array of chunks with its own summary. Pages and chunks are allocated on first use and kept, so memory
/// follows the pages an order ever touched (one order at an extreme price costs one chunk and one page),
/// and the next non-empty level is found in at most 16 + 16 + a few word scans, whatever the gap.
/// </remarks>
internal sealed class ClassQueues
{
    public const int PageBits = 10;
    public const int PageSize = 1 << PageBits;
    public const int PageMask = PageSize - 1;
    private const int ChunkBits = 10;
    private const int ChunkMask = (1 << ChunkBits) - 1;
    private const int LevelsPerChunkBits = PageBits + ChunkBits;

    private readonly Chunk?[] _chunks;
    private readonly ulong[] _chunkBits;
    private int _cachedPageIndex = -1;
    private Page? _cachedPage;

    public ClassQueues(int maxLevel)
    {
        int chunks = (maxLevel >> LevelsPerChunkBits) + 1;
        _chunks = new Chunk?[chunks];
        _chunkBits = new ulong[(chunks + 63) >> 6];
    }

    /// <summary>Best non-empty level (highest for bids, lowest for asks); meaningless while <see cref="Count"/> is 0.</summary>
    public int Best { get; set; }

    public int Count { get; set; }

    /// <summary>The ask attribute key or bid constraint key this class stands for.</summary>
    public ulong Key { get; set; }

    /// <summary>The opposite side's live classes this class can trade with (a field: it is updated in place).</summary>
    public ClassSet Compatible;

    /// <summary>The queue at a level, for updates (allocates the level's page on first use).</summary>
    public ref QueueLevel At(int level)
    {
        int pageIndex = level >> PageBits;
        var page = pageIndex == _cachedPageIndex ? _cachedPage! : PageFor(pageIndex);
        return ref page.Levels[level & PageMask];
    }

    /// <summary>The queue at a level, read-only; never allocates.</summary>
    public QueueLevel Peek(int level)
    {
        var page = FindPage(level >> PageBits);
        return page is null ? default : page.Levels[level & PageMask];
    }

    /// <summary>First order slot at a level, or 0; never allocates.</summary>
    public int HeadAt(int level)
    {
        int pageIndex = level >> PageBits;
        var page = pageIndex == _cachedPageIndex ? _cachedPage : FindPage(pageIndex);
        return page is null ? 0 : page.Levels[level & PageMask].Head;
    }

    /// <summary>Marks a level non-empty (its page exists: the caller has just written its queue).</summary>
    public void SetBit(int level)
    {
        var page = PageOf(level);
        ref ulong word = ref page.Bits[(level & PageMask) >> 6];
        if (word == 0 && page.NonEmptyWords++ == 0)
        {
            var chunk = page.Chunk;
            SetBit(chunk.PageBits, page.IndexInChunk);
            if (chunk.NonEmptyPages++ == 0)
            {
                SetBit(_chunkBits, chunk.Index);
            }
        }
        word |= 1UL << (level & 63);
    }

    /// <summary>Marks a level empty.</summary>
    public void ClearBit(int level)
    {
        var page = PageOf(level);
        ref ulong word = ref page.Bits[(level & PageMask) >> 6];
        word &= ~(1UL << (level & 63));
        if (word == 0 && --page.NonEmptyWords == 0)
        {
            var chunk = page.Chunk;
            ClearBit(chunk.PageBits, page.IndexInChunk);
            if (--chunk.NonEmptyPages == 0)
            {
                ClearBit(_chunkBits, chunk.Index);
            }
        }
    }

    public bool IsSet(int level)
    {
        var page = FindPage(level >> PageBits);
        return page is not null && (page.Bits[(level & PageMask) >> 6] & (1UL << (level & 63))) != 0;
    }

    /// <summary>Lowest non-empty level at or above <paramref name="from"/>, or -1.</summary>
    public int NextAtOrAbove(int from)
    {
        if (from < 0)
        {
            from = 0;
        }
        int pageIndex = from >> PageBits;
        int c = pageIndex >> ChunkBits;
        if (c >= _chunks.Length)
        {
            return -1;
        }
        var chunk = _chunks[c];
        if (chunk is not null)
        {
            var page = chunk.Pages[pageIndex & ChunkMask];
            if (page is not null)
            {
                int found = LevelBits.NextAtOrAbove(page.Bits, from & PageMask);
                if (found >= 0)
                {
                    return (pageIndex << PageBits) + found;
                }
            }
            int p = LevelBits.NextAtOrAbove(chunk.PageBits, (pageIndex & ChunkMask) + 1);
            if (p >= 0)
            {
                return FirstIn(c, p);
            }
        }
        c = LevelBits.NextAtOrAbove(_chunkBits, c + 1);
        return c < 0 ? -1 : FirstIn(c, LevelBits.NextAtOrAbove(_chunks[c]!.PageBits, 0));
    }

    /// <summary>Highest non-empty level at or below <paramref name="from"/>, or -1.</summary>
    public int NextAtOrBelow(int from)
    {
        if (from < 0)
        {
            return -1;
        }
        int pageIndex = from >> PageBits;
        int c = pageIndex >> ChunkBits;
        if (c >= _chunks.Length)
        {
            c = _chunks.Length - 1;
            pageIndex = (c << ChunkBits) + ChunkMask;
            from = (pageIndex << PageBits) + PageMask;
        }
        var chunk = _chunks[c];
        if (chunk is not null)
        {
            var page = chunk.Pages[pageIndex & ChunkMask];
            if (page is not null)
            {
                int found = LevelBits.NextAtOrBelow(page.Bits, from & PageMask);
                if (found >= 0)
                {
                    return (pageIndex << PageBits) + found;
                }
            }
            int p = LevelBits.NextAtOrBelow(chunk.PageBits, (pageIndex & ChunkMask) - 1);
            if (p >= 0)
            {
                return LastIn(c, p);
            }
        }
        c = LevelBits.NextAtOrBelow(_chunkBits, c - 1);
        return c < 0 ? -1 : LastIn(c, LevelBits.NextAtOrBelow(_chunks[c]!.PageBits, ChunkMask));
    }

    /// <summary>Every allocated page with its first level, for validation and memory accounting.</summary>
    public IEnumerable<(int FirstLevel, QueueLevel[] Levels, ulong[] Bits, int NonEmptyWords)> Pages()
    {
        for (int c = 0; c < _chunks.Length; c++)
        {
            var chunk = _chunks[c];
            if (chunk is null)
            {
                continue;
            }
            for (int p = 0; p <= ChunkMask; p++)
            {
                var page = chunk.Pages[p];
                if (page is not null)
                {
                    yield return ((((c << ChunkBits) + p) << PageBits), page.Levels, page.Bits, page.NonEmptyWords);
                }
            }
        }
    }

    /// <summary>Whether the summaries above the pages agree with the pages' own bitmaps.</summary>
    public bool SummariesConsistent()
    {
        for (int c = 0; c < _chunks.Length; c++)
        {
            var chunk = _chunks[c];
            int nonEmptyPages = 0;
            if (chunk is not null)
            {
                for (int p = 0; p <= ChunkMask; p++)
                {
                    var page = chunk.Pages[p];
                    int words = page is null ? 0 : page.Bits.Count(w => w != 0);
                    if (page is not null && words != page.NonEmptyWords)
                    {
                        return false;
                    }
                    if ((words != 0) != LevelBits.IsSet(chunk.PageBits, p))
                    {
                        return false;
                    }
                    nonEmptyPages += words != 0 ? 1 : 0;
                }
                if (nonEmptyPages != chunk.NonEmptyPages)
                {
                    return false;
                }
            }
            if ((nonEmptyPages != 0) != LevelBits.IsSet(_chunkBits, c))
            {
                return false;
            }
        }
        return true;
    }

    private int FirstIn(int c, int p)
    {
        int pageIndex = (c << ChunkBits) + p;
        return (pageIndex << PageBits) + LevelBits.NextAtOrAbove(_chunks[c]!.Pages[p]!.Bits, 0);
    }

    private int LastIn(int c, int p)
    {
        int pageIndex = (c << ChunkBits) + p;
        return (pageIndex << PageBits) + LevelBits.NextAtOrBelow(_chunks[c]!.Pages[p]!.Bits, PageMask);
    }

    private Page? FindPage(int pageIndex)
    {
        int c = pageIndex >> ChunkBits;
        return (uint)c < (uint)_chunks.Length ? _chunks[c]?.Pages[pageIndex & ChunkMask] : null;
    }

    private Page PageOf(int level)
    {
        int pageIndex = level >> PageBits;
        return pageIndex == _cachedPageIndex ? _cachedPage! : PageFor(pageIndex);
    }

    private Page PageFor(int pageIndex)
    {
        int c = pageIndex >> ChunkBits;
        var chunk = _chunks[c] ??= new Chunk(c);
        var page = chunk.Pages[pageIndex & ChunkMask] ??= new Page(chunk, pageIndex & ChunkMask);
        _cachedPageIndex = pageIndex;
        _cachedPage = page;
        return page;
    }

    private static void SetBit(ulong[] bits, int index) => bits[index >> 6] |= 1UL << (index & 63);

    private static void ClearBit(ulong[] bits, int index) => bits[index >> 6] &= ~(1UL << (index & 63));

    private sealed class Page(Chunk chunk, int indexInChunk)
    {
        public readonly Chunk Chunk = chunk;
        public readonly int IndexInChunk = indexInChunk;
        public readonly QueueLevel[] Levels = new QueueLevel[PageSize];
        public readonly ulong[] Bits = new ulong[PageSize / 64];
        public int NonEmptyWords;
    }

    private sealed class Chunk(int index)
    {
        public readonly int Index = index;
        public readonly Page?[] Pages = new Page?[1 << ChunkBits];
        public readonly ulong[] PageBits = new ulong[(1 << ChunkBits) / 64];
        public int NonEmptyPages;
    }
}
