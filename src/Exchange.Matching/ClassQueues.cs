namespace Exchange.Matching;

/// <summary>
/// The resting orders of one attribute class on one side: a FIFO queue per price level, a bitmap of
/// non-empty levels and the best level. Orders with equal attribute keys are interchangeable for every
/// counterparty, so a taker visits only the classes it is compatible with and never scans the others.
/// </summary>
/// <remarks>
/// Levels live in pages of 1,024 allocated on first use, so one order at an extreme price costs a page,
/// not an array up to that price for every class.
/// </remarks>
internal sealed class ClassQueues
{
    private const int PageBits = 10;
    private const int PageMask = (1 << PageBits) - 1;

    private QueueLevel[]?[] _pages;

    public ClassQueues(int levels)
    {
        _pages = new QueueLevel[]?[(levels + PageMask) >> PageBits];
        Bits = new ulong[(levels + 63) >> 6];
    }

    public ulong[] Bits { get; private set; }

    /// <summary>Best non-empty level (highest for bids, lowest for asks); meaningless while <see cref="Count"/> is 0.</summary>
    public int Best { get; set; }

    public int Count { get; set; }

    /// <summary>The ask attribute key or bid constraint key this class stands for.</summary>
    public ulong Key { get; set; }

    /// <summary>Bitmask of the opposite side's live classes this class can trade with.</summary>
    public ulong Compatible { get; set; }

    /// <summary>The queue at a level, for updates (allocates the level's page on first use).</summary>
    public ref QueueLevel At(int level)
    {
        var page = _pages[level >> PageBits] ?? AddPage(level);
        return ref page[level & PageMask];
    }

    /// <summary>The queue at a level, read-only; never allocates.</summary>
    public QueueLevel Peek(int level)
    {
        var page = _pages[level >> PageBits];
        return page is null ? default : page[level & PageMask];
    }

    /// <summary>First order slot at a level, or 0; never allocates.</summary>
    public int HeadAt(int level)
    {
        var page = _pages[level >> PageBits];
        return page is null ? 0 : page[level & PageMask].Head;
    }

    public void Grow(int levels)
    {
        int pages = (levels + PageMask) >> PageBits;
        if (pages > _pages.Length)
        {
            Array.Resize(ref _pages, pages);
        }
        int words = (levels + 63) >> 6;
        if (words > Bits.Length)
        {
            var bits = new ulong[words];
            Array.Copy(Bits, bits, Bits.Length);
            Bits = bits;
        }
    }

    private QueueLevel[] AddPage(int level) => _pages[level >> PageBits] = new QueueLevel[1 << PageBits];
}
