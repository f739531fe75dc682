using Exchange.Contracts.Clusters;
using Exchange.Contracts.Markets;
using Exchange.Grains.Clusters;
using Exchange.Markets;

namespace Exchange.Grains.Tests.Risk;

/// <summary>A cluster's capacity book: reservations that no order ever confirmed are given back after their lease.</summary>
public sealed class CapacityBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Market = new("chat-70b", new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero));

    // 1,000 tokens/s for one hour: 3,600,000 tokens a period.
    private static CapacityBook Book() => new(
        new ClusterRegistration("c", "p", "hainan", "H100", 8, 2, [new ModelThroughput("chat-70b", 1_000)], []), TimeSpan.FromHours(1));

    [Fact]
    public void A_reservation_no_order_confirmed_is_given_back_after_its_lease_and_a_confirmed_one_stays()
    {
        var book = Book();
        Assert.True(book.TryReserve("p/lost", Market, 2_000_000, Now));
        Assert.True(book.TryReserve("p/placed", Market, 1_000_000, Now));
        book.Apply("p/placed", Market.ToString(), remaining: 1_000_000, filled: 0);
        Assert.False(book.TryReserve("p/third", Market, 1_000_000, Now), "the period is full while the lost reservation holds");

        Assert.Equal(0, book.DropUnconfirmedBefore(Now));
        Assert.Equal(1, book.DropUnconfirmedBefore(Now.AddSeconds(1)));

        Assert.True(book.TryReserve("p/third", Market, 2_000_000, Now.AddSeconds(2)));
        Assert.Equal(3_000_000, book.Periods().Single().Offered);
    }
}
