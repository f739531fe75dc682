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

    /// <summary>Per-class queue cursors for the read-only priority walks (FOK, class-cap check, canonical order).</summary>
    private readonly int[] _cursor = new int[BookSide.MaxClasses];

    /// <summary>Compatible classes of an order whose attribute set has no class yet (see <c>CompatibleClasses</c>).</summary>
    private ClassSet _scratchCompatible;
    private int _restingGtd;
    private long _sequence;
    private bool _closed;

    /// <summary>High-water command time: timestamps that go backwards never bring an expired order back.</summary>
    private long _now = long.MinValue;

    /// <summary>The highest order id ever accepted; a new order must carry a greater one.</summary>
    private long _lastId;

    public OrderBook(BookConfig config)
        : this(config, config?.InitialOrderCapacity ?? 0)
    {
    }

    /// <summary>A book sized for <paramref name="orderCapacity"/> resting orders (restore sizes for what the snapshot holds).</summary>
    private OrderBook(BookConfig config, int orderCapacity)
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
        _pool = new OrderPool(orderCapacity + 1);
        _ids = new OrderIdMap(orderCapacity);
        _bids = new BookSide(isBid: true, _maxLevel);
        _asks = new BookSide(isBid: false, _maxLevel);
    }

    public BookConfig Config { get; }

    /// <summary>Sequence number of the last event emitted (0 before the first).</summary>
    public long Sequence => _sequence;

    /// <summary>True after gate closure: every later order is rejected with market-closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>The book's clock: the highest command timestamp seen so far.</summary>
    internal long Now => _now;

    /// <summary>The highest order id ever accepted.</summary>
    internal long HighestId => _lastId;

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
