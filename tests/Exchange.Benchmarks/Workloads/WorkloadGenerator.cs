using System.Globalization;
using Exchange.Matching;

namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// Seeded order flow in the workload format (docs/workload.md), modelled on exchange-core's
/// TestOrdersGenerator: it runs the reference matcher as it goes, so it knows which orders are live and
/// where the opposite best is. The same options and seed give the same file as the Python generator
/// the format was first published with; every random draw is therefore taken in its order.
/// </summary>
public sealed class WorkloadGenerator : ITradeListener
{
    private const double StepChance = 0.05;
    private const double CancelBelow = 0.28;
    private const double MarketBelow = 0.40;
    private const double CancelOfFilledChance = 0.10;

    private readonly WorkloadOptions _options;
    private readonly TextWriter _workload;
    private readonly TextWriter? _tradeLines;
    private readonly PythonRandom _random;
    private readonly ReferenceMatcher _matcher;
    private readonly LiveOrders _live = new();
    private readonly RecentlyFilled _filled = new();
    private long _nextId = 1;
    private int _adds, _aimedAcross, _markets, _cancels, _cancelsOfFilled;
    private long _tradeCount, _tradedQuantity, _notional;

    private WorkloadGenerator(WorkloadOptions options, TextWriter workload, TextWriter? trades)
    {
        _options = options;
        _workload = workload;
        _tradeLines = trades;
        _random = new PythonRandom(options.Seed);
        _matcher = new ReferenceMatcher(this);
    }

    /// <summary>Writes the commands to <paramref name="workload"/> and, when given, the reference matcher's trades to <paramref name="trades"/>.</summary>
    public static WorkloadSummary Write(WorkloadOptions options, TextWriter workload, TextWriter? trades = null) =>
        new WorkloadGenerator(options, workload, trades).Run();

    void ITradeListener.OnTrade(in ReferenceTrade trade, bool makerFilled)
    {
        _tradeCount++;
        _tradedQuantity += trade.Quantity;
        _notional += trade.Quantity * trade.Price;
        _tradeLines?.Write(trade.ToLine() + "\n");
        if (makerFilled)
        {
            _live.Remove(trade.MakerId);
            _filled.Add(trade.MakerId);
        }
    }

    private WorkloadSummary Run()
    {
        double centre = _options.Mid, mid = centre;
        long restingSum = 0;
        int maxResting = 0;
        for (int i = 0; i < _options.Orders; i++)
        {
            // A slow mean-reverting walk: a one-tick step on about one command in twenty.
            if (Draw() < StepChance)
            {
                double upChance = 0.5 - ((mid - centre) / 1000.0);
                mid += Draw() < upChance ? 1.0 : -1.0;
            }
            double kind = Draw();
            if (kind < CancelBelow && (_live.Count > 0 || _filled.Count > 0))
            {
                Cancel();
            }
            else if (kind < MarketBelow)
            {
                Market();
            }
            else
            {
                Limit((long)mid);
            }
            restingSum += _live.Count;
            maxResting = Math.Max(maxResting, _live.Count);
        }
        return new WorkloadSummary(_options.Orders, _adds, _aimedAcross, _markets, _cancels, _cancelsOfFilled,
            _tradeCount, _tradedQuantity, _notional, _live.Count, (double)restingSum / _options.Orders, maxResting, mid);
    }

    private void Cancel()
    {
        long id;
        if (_filled.Count > 0 && (Draw() < CancelOfFilledChance || _live.Count == 0))
        {
            id = _filled[Index(_filled.Count)];
            _cancelsOfFilled++;
        }
        else
        {
            id = _live[Index(_live.Count)];
        }
        if (_matcher.Cancel(id))
        {
            _live.Remove(id);
        }
        _workload.Write(string.Create(CultureInfo.InvariantCulture, $"C,{id}\n"));
        _cancels++;
    }

    private void Market()
    {
        var side = DrawSide();
        long quantity = DrawQuantity();
        long id = _nextId++;
        _matcher.Market(id, side, quantity);
        _workload.Write(string.Create(CultureInfo.InvariantCulture, $"M,{id},{Letter(side)},{quantity}\n"));
        _markets++;
    }

    private void Limit(long mid)
    {
        var side = DrawSide();
        long quantity = DrawQuantity();
        // A book above its target crosses more often, which drains it back down.
        double crossChance = _live.Count > _options.TargetBook ? 0.25 : 0.06;
        long price;
        if (Draw() < crossChance)
        {
            long reference = _matcher.BestPrice(Opposite(side)) ?? mid;
            long past = (long)(10 * Math.Pow(Draw(), 2));
            price = side == Side.Buy ? reference + past : reference - past;
            _aimedAcross++;
        }
        else
        {
            // Squaring the draw skews passive orders towards the mid.
            long offset = 1 + (long)(_options.Spread * Math.Pow(Draw(), 2));
            price = side == Side.Buy ? mid - offset : mid + offset;
        }
        price = Math.Max(price, 1);
        long id = _nextId++;
        if (_matcher.Limit(id, side, price, quantity))
        {
            _live.Add(id);
        }
        _workload.Write(string.Create(CultureInfo.InvariantCulture, $"A,{id},{Letter(side)},{price},{quantity}\n"));
        _adds++;
    }

    private double Draw() => _random.NextDouble();

    private int Index(int count) => (int)(Draw() * count);

    private Side DrawSide() => Draw() < 0.5 ? Side.Buy : Side.Sell;

    /// <summary>1 to 100 lots skewed small by the cube: median 13, mean about 26.</summary>
    private long DrawQuantity() => 1 + (long)(99 * Math.Pow(Draw(), 3));

    private static Side Opposite(Side side) => side == Side.Buy ? Side.Sell : Side.Buy;

    private static char Letter(Side side) => side == Side.Buy ? 'B' : 'S';
}
