using System.Buffers.Binary;
using Exchange.Matching;

namespace Exchange.Matching.Tests;

/// <summary>Restore trusts nothing: every corruption below is refused with <see cref="InvalidDataException"/>.</summary>
public sealed class SnapshotValidationTests
{
    // Layout of version 2 (see OrderBook.WriteSnapshot): 91-byte header, then 63 bytes per order.
    private const int Header = 91;
    private const int OrderBytes = 63;

    /// <summary>A bid at 99 (GTD), and two asks at 100 and 101, in canonical order.</summary>
    private static byte[] Sample()
    {
        var t = new TestBook(new BookConfig { LotSize = 10 });
        t.Place(PlaceOrder.Limit(1, 1, Side.Buy, 99, 20, timestamp: 5) with { TimeInForce = TimeInForce.Gtd, ExpiresAt = 50 });
        t.Sell(2, 100, 30, cluster: new ClusterAttributes(3, 1, 2, 0));
        t.Sell(3, 101, 10);
        return t.Book.ToSnapshot();
    }

    private static int Order(int index) => Header + (index * OrderBytes);

    public static TheoryData<string> Corruptions => new()
    {
        "time in force", "post-only flag", "side", "fraction of a lot", "above max quantity", "zero quantity",
        "region", "tier", "bid constraint tier", "level zero", "level above grid", "priority order",
        "priority above sequence", "duplicate id", "id above high-water", "expired gtd", "gtc with expiry",
        "closed with orders", "closure flag", "bad config", "band overflow", "crossed book", "bid with cluster",
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Restore_refuses_a_corrupted_snapshot(string corruption)
    {
        var s = Sample();
        Assert.Equal(Header + (3 * OrderBytes), s.Length);
        var span = s.AsSpan();
        switch (corruption)
        {
            case "time in force": span[Order(1) + 13] = (byte)TimeInForce.Ioc; break;
            case "post-only flag": span[Order(1) + 14] = 7; break;
            case "side": span[Order(1) + 12] = 9; break;
            case "fraction of a lot": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(1) + 23)..], 25); break;
            case "above max quantity": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(1) + 23)..], 2_000_000_000_000); break;
            case "zero quantity": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(1) + 23)..], 0); break;
            case "region": span[Order(1) + 55] = 40; break;
            case "tier": span[Order(1) + 56] = 4; break;
            case "bid constraint tier": span[Order(0) + 55 + 4] = 9; break;
            case "level zero": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(0) + 15)..], 0); break;
            case "level above grid": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(2) + 15)..], 1_000_001); break;
            case "priority order": Swap(span, 1, 2); break;
            case "priority above sequence": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(2) + 31)..], 1_000); break;
            case "duplicate id": BinaryPrimitives.WriteInt64LittleEndian(span[Order(2)..], 2); break;
            case "id above high-water": BinaryPrimitives.WriteInt64LittleEndian(span[Order(2)..], 4); break;
            case "expired gtd": BinaryPrimitives.WriteInt64LittleEndian(span[75..], 50); break;
            case "gtc with expiry": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(2) + 39)..], 60); break;
            case "closed with orders": span[70] = 1; break;
            case "closure flag": span[70] = 2; break;
            case "bad config": BinaryPrimitives.WriteInt64LittleEndian(span[6..], 0); break;
            case "band overflow": BinaryPrimitives.WriteInt64LittleEndian(span[38..], long.MaxValue); break;
            case "crossed book": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(0) + 15)..], 100); break;
            case "bid with cluster": BinaryPrimitives.WriteInt64LittleEndian(span[(Order(0) + 47)..], 3); break;
            default: throw new ArgumentOutOfRangeException(nameof(corruption));
        }
        Assert.Throws<InvalidDataException>(() => OrderBook.Restore(s));
    }

    [Fact]
    public void Restore_accepts_the_uncorrupted_sample()
    {
        var restored = OrderBook.Restore(Sample());
        Assert.Equal(3, restored.OrderCount);
        Assert.Equal(5, restored.Now);
    }

    [Fact]
    public void Restore_refuses_random_byte_flips_or_restores_a_valid_book()
    {
        var original = Sample();
        var random = new Random(12_345);
        for (int i = 0; i < 2_000; i++)
        {
            var s = (byte[])original.Clone();
            s[random.Next(6, s.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                OrderBook.Restore(s).ValidateInternalState();
            }
            catch (InvalidDataException)
            {
                // refused: fine
            }
        }
    }

    private static void Swap(Span<byte> span, int a, int b)
    {
        var first = span.Slice(Order(a), OrderBytes).ToArray();
        span.Slice(Order(b), OrderBytes).CopyTo(span.Slice(Order(a), OrderBytes));
        first.CopyTo(span.Slice(Order(b), OrderBytes));
    }
}
