namespace Exchange.Matching;

/// <summary>One slot of the order pool: a resting order linked into its attribute class's queue at its price level.</summary>
/// <remarks>A struct in one array so the hot path touches no object headers and allocates nothing; slot 0 is the nil link.</remarks>
internal struct RestingOrder
{
    /// <summary>0 marks a free slot (order ids are positive).</summary>
    public long Id;
    public long Remaining;

    /// <summary>Sequence number of the event that gave the order its time priority.</summary>
    public long Priority;
    public long ExpiresAt;
    public long ClusterId;
    public int Level;
    public int Owner;
    public int Prev;
    public int Next;
    public ushort Class;
    public Side Side;
    public TimeInForce TimeInForce;
    public bool PostOnly;
}
