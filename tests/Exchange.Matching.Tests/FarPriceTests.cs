using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>Prices far apart: the level tree keeps memory to the pages in use and finds the next level across any gap.</summary>
public sealed class FarPriceTests
{
    [Fact]
    public void One_ask_at_the_highest_price_in_every_attribute_class_stays_small_and_is_found_across_the_gap()
    {
        var config = new BookConfig { MaxPrice = 50_000_000 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var book = new OrderBook(config);
        var events = new List<object>();
        var log = new EventLog(events);
        for (int i = 0; i < 32; i++)
        {
            book.Place(PlaceOrder.Limit(i + 1, 200, Side.Sell, 50_000_000 - i, 1) with { Cluster = new ClusterAttributes(1, (byte)i, 0, 0) }, ref log);
        }
        book.Place(PlaceOrder.Limit(100, 200, Side.Sell, 1, 1), ref log);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 33 classes × (one chunk of page pointers + one page of queues) is about 1 MB; a dense
        // bitmap up to 50 M levels would be 6 MB per class.
        Assert.True(allocated < 8_000_000, $"allocated {allocated} bytes");

        book.Place(PlaceOrder.Market(101, 300, Side.Buy, 1) with { TimeInForce = TimeInForce.Ioc }, ref log);
        Assert.Equal(49_999_969, book.GetTop().Ask.Price); // the lowest of the far asks, found across ~50 M empty levels
        var bought = new List<object>();
        var buyLog = new EventLog(bought);
        book.Place(PlaceOrder.Limit(102, 300, Side.Buy, 50_000_000, 40), ref buyLog);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => 32L - i), bought.Fills().Select(f => f.MakerId));
        Assert.Equal(50_000_000, book.GetTop().Bid.Price);
        book.ValidateInternalState();
    }

    [Fact]
    public void Depth_walks_levels_across_page_and_chunk_boundaries_in_price_order()
    {
        var t = new TestBook(new BookConfig { MaxPrice = 3_000_000 });
        long[] prices = [1, 1_023, 1_024, 1_025, 2_047, 1_048_575, 1_048_576, 2_999_999, 3_000_000];
        long id = 1;
        foreach (long price in prices.Reverse())
        {
            t.Sell(id++, price, 1);
        }
        var asks = new DepthLevel[20];
        int count = t.Book.GetDepth(Side.Sell, asks);
        Assert.Equal(prices, asks[..count].Select(d => d.Price));
        t.Sell(id++, 1, 1, owner: 201);
        foreach (long price in prices)
        {
            t.Buy(id++, price, 1);
        }
        // Each bid took the cheapest ask left; only the ask at the top of the grid remains.
        Assert.Equal(1, t.Book.GetDepth(Side.Sell, asks));
        Assert.Equal(3_000_000, asks[0].Price);
        Assert.Equal(0, t.Book.GetDepth(Side.Buy, new DepthLevel[20]));
    }
}
