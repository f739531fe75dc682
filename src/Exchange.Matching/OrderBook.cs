namespace Exchange.Matching;

/// <summary>
/// The deterministic matching engine of one market: a continuous double auction with price-time
/// priority, cluster constraints, self-trade prevention and GTD expiry driven by command timestamps.
/// Not thread-safe: one caller (the market grain) drives it. Every command reports its outcome as
/// events to a caller-supplied struct sink, in the order of the book's sequence numbers.
/// </summary>
public sealed partial class OrderBook
{
    private readonly long _lot;
    private readonly long _tick;
    private readonly long _maxPrice;
    private readonly long _maxQuantity;
    private readonly int _maxLevel;
    private readonly long _marketBand;
    private readonly long _limitBand;
    private readonly OrderPool _pool;
    private readonly OrderIdMap _ids;
    private readonly BookSide _bids;
    private readonly BookSide _asks;
    private readonly ExpiryQueue _expiries = new();
    private int _restingGtd;
    private long _sequence;
    private bool _closed;

    public OrderBook(BookConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _lot = config.LotSize;
        _tick = config.TickSize;
        _maxPrice = config.MaxPrice;
        _maxQuantity = config.MaxQuantity;
        _maxLevel = config.MaxLevel;
        _marketBand = config.MarketBandTicks ?? long.MaxValue;
        _limitBand = config.LimitBandTicks ?? long.MaxValue;
        _pool = new OrderPool(config.InitialOrderCapacity + 1);
        _ids = new OrderIdMap(config.InitialOrderCapacity);
        int levels = Math.Min(_maxLevel + 1, config.InitialPriceLevels);
        _bids = new BookSide(isBid: true, levels);
        _asks = new BookSide(isBid: false, levels);
    }

    public BookConfig Config { get; }

    /// <summary>Sequence number of the last event emitted (0 before the first).</summary>
    public long Sequence => _sequence;

    /// <summary>True after gate closure: every later order is rejected with market-closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>Number of resting orders.</summary>
    public int OrderCount => _pool.Count;

    /// <summary>Entries in the GTD expiry heap, live or stale (tests watch it stay bounded).</summary>
    internal int PendingExpiries => _expiries.Count;

    private BookSide SideOf(Side side) => side == Side.Buy ? _bids : _asks;

    private BookSide Other(BookSide side) => side.IsBid ? _asks : _bids;

    /// <summary>Price level index; prices that reach here are validated multiples of the tick.</summary>
    private int LevelOf(long price) => (int)(_tick == 1 ? price : price / _tick);

    private static bool Better(bool bid, int level, int than) => bid ? level > than : level < than;
}
