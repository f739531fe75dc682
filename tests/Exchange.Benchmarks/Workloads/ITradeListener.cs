namespace Exchange.Benchmarks.Workloads;

/// <summary>Hears every trade of the reference matcher, in the order they happen.</summary>
public interface ITradeListener
{
    /// <param name="makerFilled">The maker has nothing left and is out of the book.</param>
    void OnTrade(in ReferenceTrade trade, bool makerFilled);
}
