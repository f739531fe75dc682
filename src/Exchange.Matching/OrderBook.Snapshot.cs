using System.Buffers;
using System.Buffers.Binary;

namespace Exchange.Matching;

public sealed partial class OrderBook
{
    private const uint SnapshotMagic = 0x42584F54; // "TOXB" little-endian
    private const ushort SnapshotVersion = 1;
    private const int HeaderBytes = 4 + 2 + (8 * 6) + 4 + 4 + 8 + 1 + 4;
    private const int OrderBytes = 8 + 4 + 1 + 1 + 1 + (8 * 6);

    /// <summary>
    /// Writes the book as a versioned little-endian binary snapshot: header (magic "TOXB", version,
    /// configuration, sequence, closure, order count), then every resting order in priority order.
    /// Restoring it and replaying the later commands reproduces the same events and state hash.
    /// </summary>
    public void WriteSnapshot(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var slots = CanonicalSlots();
        var span = writer.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(span, SnapshotMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], SnapshotVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], _lot);
        BinaryPrimitives.WriteInt64LittleEndian(span[14..], _tick);
        BinaryPrimitives.WriteInt64LittleEndian(span[22..], _maxPrice);
        BinaryPrimitives.WriteInt64LittleEndian(span[30..], _maxQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(span[38..], Config.MarketBandTicks ?? -1);
        BinaryPrimitives.WriteInt64LittleEndian(span[46..], Config.LimitBandTicks ?? -1);
        BinaryPrimitives.WriteInt32LittleEndian(span[54..], Config.InitialOrderCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(span[58..], Config.InitialPriceLevels);
        BinaryPrimitives.WriteInt64LittleEndian(span[62..], _sequence);
        span[70] = _closed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(span[71..], slots.Count);
        writer.Advance(HeaderBytes);
        var orders = _pool.Items;
        foreach (int slot in slots)
        {
            ref var order = ref orders[slot];
            span = writer.GetSpan(OrderBytes);
            BinaryPrimitives.WriteInt64LittleEndian(span, order.Id);
            BinaryPrimitives.WriteInt32LittleEndian(span[8..], order.Owner);
            span[12] = (byte)order.Side;
            span[13] = (byte)order.TimeInForce;
            span[14] = order.PostOnly ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64LittleEndian(span[15..], order.Level);
            BinaryPrimitives.WriteInt64LittleEndian(span[23..], order.Remaining);
            BinaryPrimitives.WriteInt64LittleEndian(span[31..], order.Priority);
            BinaryPrimitives.WriteInt64LittleEndian(span[39..], order.ExpiresAt);
            BinaryPrimitives.WriteInt64LittleEndian(span[47..], order.ClusterId);
            BinaryPrimitives.WriteUInt64LittleEndian(span[55..], SideOf(order.Side).Class(order.Class).Key);
            writer.Advance(OrderBytes);
        }
    }

    /// <summary>The snapshot as a byte array.</summary>
    public byte[] ToSnapshot()
    {
        var buffer = new ArrayBufferWriter<byte>(HeaderBytes + (OrderBytes * _pool.Count));
        WriteSnapshot(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Rebuilds a book from <see cref="WriteSnapshot"/> output; throws <see cref="InvalidDataException"/> if it is not one.</summary>
    public static OrderBook Restore(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(snapshot) != SnapshotMagic)
        {
            throw new InvalidDataException("not an order book snapshot");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(snapshot[4..]);
        if (version != SnapshotVersion)
        {
            throw new InvalidDataException($"unsupported order book snapshot version {version}");
        }
        long marketBand = BinaryPrimitives.ReadInt64LittleEndian(snapshot[38..]);
        long limitBand = BinaryPrimitives.ReadInt64LittleEndian(snapshot[46..]);
        var config = new BookConfig
        {
            LotSize = BinaryPrimitives.ReadInt64LittleEndian(snapshot[6..]),
            TickSize = BinaryPrimitives.ReadInt64LittleEndian(snapshot[14..]),
            MaxPrice = BinaryPrimitives.ReadInt64LittleEndian(snapshot[22..]),
            MaxQuantity = BinaryPrimitives.ReadInt64LittleEndian(snapshot[30..]),
            MarketBandTicks = marketBand < 0 ? null : marketBand,
            LimitBandTicks = limitBand < 0 ? null : limitBand,
            InitialOrderCapacity = BinaryPrimitives.ReadInt32LittleEndian(snapshot[54..]),
            InitialPriceLevels = BinaryPrimitives.ReadInt32LittleEndian(snapshot[58..]),
        };
        int count = BinaryPrimitives.ReadInt32LittleEndian(snapshot[71..]);
        if (count < 0 || snapshot.Length != HeaderBytes + ((long)OrderBytes * count))
        {
            throw new InvalidDataException("order book snapshot is truncated or has trailing bytes");
        }
        var book = new OrderBook(config)
        {
            _sequence = BinaryPrimitives.ReadInt64LittleEndian(snapshot[62..]),
            _closed = snapshot[70] != 0,
        };
        var span = snapshot[HeaderBytes..];
        for (int i = 0; i < count; i++, span = span[OrderBytes..])
        {
            var order = new RestingOrder
            {
                Id = BinaryPrimitives.ReadInt64LittleEndian(span),
                Owner = BinaryPrimitives.ReadInt32LittleEndian(span[8..]),
                Side = (Side)span[12],
                TimeInForce = (TimeInForce)span[13],
                PostOnly = span[14] != 0,
                Level = checked((int)BinaryPrimitives.ReadInt64LittleEndian(span[15..])),
                Remaining = BinaryPrimitives.ReadInt64LittleEndian(span[23..]),
                Priority = BinaryPrimitives.ReadInt64LittleEndian(span[31..]),
                ExpiresAt = BinaryPrimitives.ReadInt64LittleEndian(span[39..]),
                ClusterId = BinaryPrimitives.ReadInt64LittleEndian(span[47..]),
            };
            if (order.Id <= 0 || order.Remaining <= 0 || order.Level < 0 || order.Level > book._maxLevel
                || book._ids.Find(order.Id) != 0 || order.Side is not (Side.Buy or Side.Sell))
            {
                throw new InvalidDataException($"order book snapshot holds an invalid order at index {i}");
            }
            // Orders come in priority order within each price, so appending restores every queue as it was.
            book.Rest(in order, BinaryPrimitives.ReadUInt64LittleEndian(span[55..]));
        }
        return book;
    }
}
