namespace Exchange.Matching;

/// <summary>One attribute class's FIFO queue at one price level, with its totals, packed so an update touches one cache line.</summary>
internal struct QueueLevel
{
    public long Quantity;
    public int Head;
    public int Tail;
    public int Count;
}
