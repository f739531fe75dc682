using System.Buffers;
using System.Buffers.Binary;

namespace Exchange.Matching;

public sealed partial class OrderBook
{
    private const uint SnapshotMagic = 0x42584F54; // "TOXB" little-endian
    private const ushort SnapshotVersion = 2;
    private const int HeaderBytesV1 = 4 + 2 + (8 * 6) + 4 + 4 + 8 + 1 + 4;
    private const int HeaderBytes = HeaderBytesV1 + 8 + 8;
    private const int OrderBytes = 8 + 4 + 1 + 1 + 1 + (8 * 6);

    /// <summary>
    /// Writes the book as a versioned little-endian binary snapshot: header (magic "TOXB", version,
    /// configuration, sequence, closure, order count, clock and id high-water marks), then every resting order in priority order.
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
        BinaryPrimitives.WriteInt64LittleEndian(span[75..], _now);
        BinaryPrimitives.WriteInt64LittleEndian(span[83..], _lastId);
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

    /// <summary>
    /// Rebuilds a book from <see cref="WriteSnapshot"/> output. Nothing in the input is trusted: the
    /// configuration, every order field, the priority order, the class count and the resulting
    /// internal state are checked, and anything that is not a snapshot this book could have written
    /// throws <see cref="InvalidDataException"/>. Version 1 snapshots (before the book kept its clock
    /// and id high-water marks) restore with the clock unset and the highest resting id as high-water id.
    /// </summary>
    public static OrderBook Restore(ReadOnlySpan<byte> snapshot)
    {
        try
        {
            return RestoreUnchecked(snapshot);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new InvalidDataException("order book snapshot is inconsistent: " + e.Message, e);
        }
    }

    private static OrderBook RestoreUnchecked(ReadOnlySpan<byte> snapshot)
    {
        if (snapshot.Length < HeaderBytesV1 || BinaryPrimitives.ReadUInt32LittleEndian(snapshot) != SnapshotMagic)
        {
            throw new InvalidDataException("not an order book snapshot");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(snapshot[4..]);
        if (version is not (1 or SnapshotVersion))
        {
            throw new InvalidDataException($"unsupported order book snapshot version {version}");
        }
        int headerBytes = version == 1 ? HeaderBytesV1 : HeaderBytes;
        if (snapshot.Length < headerBytes)
        {
            throw new InvalidDataException("order book snapshot is truncated");
        }
        long marketBand = BinaryPrimitives.ReadInt64LittleEndian(snapshot[38..]);
        long limitBand = BinaryPrimitives.ReadInt64LittleEndian(snapshot[46..]);
        var config = new BookConfig
        {
            LotSize = BinaryPrimitives.ReadInt64LittleEndian(snapshot[6..]),
            TickSize = BinaryPrimitives.ReadInt64LittleEndian(snapshot[14..]),
            MaxPrice = BinaryPrimitives.ReadInt64LittleEndian(snapshot[22..]),
            MaxQuantity = BinaryPrimitives.ReadInt64LittleEndian(snapshot[30..]),
            MarketBandTicks = marketBand == -1 ? null : marketBand,
            LimitBandTicks = limitBand == -1 ? null : limitBand,
            InitialOrderCapacity = BinaryPrimitives.ReadInt32LittleEndian(snapshot[54..]),
            InitialPriceLevels = BinaryPrimitives.ReadInt32LittleEndian(snapshot[58..]),
        };
        int count = BinaryPrimitives.ReadInt32LittleEndian(snapshot[71..]);
        if (count < 0 || snapshot.Length != headerBytes + ((long)OrderBytes * count))
        {
            throw new InvalidDataException("order book snapshot is truncated or has trailing bytes");
        }
        if (snapshot[70] > 1)
        {
            throw new InvalidDataException("order book snapshot has an invalid closure flag");
        }
        // Sized for what the snapshot holds, not for a capacity field that could be corrupt; it grows as needed.
        var book = new OrderBook(config, Math.Min(config.InitialOrderCapacity, Math.Max(count, 1_024)))
        {
            _sequence = BinaryPrimitives.ReadInt64LittleEndian(snapshot[62..]),
            _closed = snapshot[70] != 0,
            _now = version == 1 ? long.MinValue : BinaryPrimitives.ReadInt64LittleEndian(snapshot[75..]),
            _lastId = version == 1 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(snapshot[83..]),
        };
        if (book._sequence < 0 || book._lastId < 0)
        {
            throw new InvalidDataException("order book snapshot has a negative sequence or id high-water mark");
        }
        if (book._closed && count != 0)
        {
            throw new InvalidDataException("order book snapshot of a closed market holds orders");
        }
        var span = snapshot[headerBytes..];
        var previous = default(RestingOrder);
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
            ulong key = BinaryPrimitives.ReadUInt64LittleEndian(span[55..]);
            if (version == 1)
            {
                book._lastId = Math.Max(book._lastId, order.Id);
            }
            string? problem = book.CheckRestored(in order, key, span[14], i == 0 ? null : previous);
            if (problem is not null)
            {
                throw new InvalidDataException($"order book snapshot holds an invalid order at index {i}: {problem}");
            }
            var side = book.SideOf(order.Side);
            if (side.IsFull && side.Find(key) < 0)
            {
                throw new InvalidDataException($"order book snapshot holds more than {BookSide.MaxClasses} attribute sets on one side");
            }
            // Orders come in priority order within each price, so appending restores every queue as it was.
            book.Rest(in order, key);
            previous = order;
        }
        book.ValidateInternalState();
        return book;
    }

    /// <summary>Why a restored order could not have been written by this book, or null.</summary>
    private string? CheckRestored(in RestingOrder order, ulong key, byte postOnly, RestingOrder? previous)
    {
        if (order.Id <= 0 || order.Id > _lastId)
        {
            return "id not positive or above the high-water id";
        }
        if (_ids.Find(order.Id) != 0)
        {
            return "duplicate id";
        }
        if (order.Side is not (Side.Buy or Side.Sell))
        {
            return "side";
        }
        if (order.TimeInForce is not (TimeInForce.Gtc or TimeInForce.Gtd) || postOnly > 1)
        {
            return "time in force or post-only flag";
        }
        if (order.TimeInForce == TimeInForce.Gtd ? order.ExpiresAt <= _now : order.ExpiresAt != 0)
        {
            return "expiry";
        }
        if (order.Remaining <= 0 || order.Remaining % _lot != 0 || order.Remaining > _maxQuantity)
        {
            return "quantity not a positive whole number of lots within the limit";
        }
        if (order.Level <= 0 || order.Level > _maxLevel)
        {
            return "price level outside the grid";
        }
        if (order.Priority <= 0 || order.Priority > _sequence)
        {
            return "priority outside the sequence";
        }
        bool keyValid = order.Side == Side.Sell
            ? (key >> 32) == 0 && (key & 0xFF) < ClusterAttributes.MaxRegions && ((key >> 8) & 0xFF) <= ClusterAttributes.MaxTier
            : (key >> 56) == 0 && ((key >> 32) & 0xFF) <= ClusterAttributes.MaxTier;
        if (!keyValid || (order.Side == Side.Buy && order.ClusterId != 0))
        {
            return "region, tier or constraints";
        }
        if (previous is RestingOrder p)
        {
            bool ordered = p.Side == order.Side
                ? p.Level == order.Level
                    ? p.Priority < order.Priority
                    : order.Side == Side.Buy ? p.Level > order.Level : p.Level < order.Level
                : p.Side == Side.Buy && order.Side == Side.Sell;
            if (!ordered)
            {
                return "out of canonical priority order";
            }
        }
        return null;
    }
}
