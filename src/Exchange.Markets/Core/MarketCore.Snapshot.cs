using System.Text;
using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>Snapshot and restore of the whole market state: bookkeeping plus the engine's own snapshot.</summary>
public sealed partial class MarketCore
{
    // 6: requests carry the failover fields and the reserve book follows the book. 5 is read too (no reserve book then);
    // 4 had no rules: such a snapshot is not read, and the journal is replayed instead.
    private const byte SnapshotVersion = 6;
    private const byte SnapshotVersion5 = 5;

    /// <summary>The market's full state after <see cref="LastSequence"/> commands, in a versioned binary form.</summary>
    public byte[] ToSnapshot() => CaptureSnapshot().Write();

    /// <summary>
    /// The market's state after <see cref="LastSequence"/> commands, copied for <see cref="SnapshotCapture.Write"/>, which may
    /// then run on any thread while the market goes on.
    /// </summary>
    /// <remarks>
    /// Writing a deep book's snapshot took 8–45 ms of the market's turn (4 MB at 20,000 resting orders), and every order
    /// for the market waited. Copying takes a small part of that: an order's request and identity never change, so only
    /// its changing fields are copied, and the sorting and encoding of the market's bookkeeping move off the turn. The
    /// engine's own binary snapshot (63 bytes per resting order) is still written in it.
    /// </remarks>
    public SnapshotCapture CaptureSnapshot()
    {
        var orders = new SnapshotCapture.OrderImage[_orders.Count];
        var i = 0;
        foreach (var order in _orders.Values)
        {
            orders[i++] = new SnapshotCapture.OrderImage(
                order, order.Quantity, order.Filled, order.FilledNotional, order.Remaining, order.Cancelled, order.End,
                order.UpdatedSequence, order.AllocationIds.Count == 0 ? [] : [.. order.AllocationIds]);
        }

        return new SnapshotCapture(
            MarketId, _rules, LastSequence, LastAllocationSequence, [.. LastAllocationHash], [.. _ownerNames], [.. _clusterNames], orders,
            [.. _finishedClientKeys], _book.ToSnapshot(), _reserve?.ToSnapshot());
    }

    /// <summary>A market's state copied at one sequence, written as a snapshot later and anywhere (see <see cref="CaptureSnapshot"/>).</summary>
    public sealed class SnapshotCapture
    {
        private readonly string _marketId;
        private readonly MarketRules _rules;
        private readonly long _lastAllocationSequence;
        private readonly byte[] _lastAllocationHash;
        private readonly string[] _ownerNames;
        private readonly string[] _clusterNames;
        private readonly OrderImage[] _orders;
        private readonly ulong[] _finishedClientKeys;
        private readonly byte[] _book;
        private readonly byte[]? _reserve;

        internal SnapshotCapture(
            string marketId, MarketRules rules, long sequence, long lastAllocationSequence, byte[] lastAllocationHash, string[] ownerNames,
            string[] clusterNames, OrderImage[] orders, ulong[] finishedClientKeys, byte[] book, byte[]? reserve)
        {
            _reserve = reserve;
            _marketId = marketId;
            _rules = rules;
            Sequence = sequence;
            _lastAllocationSequence = lastAllocationSequence;
            _lastAllocationHash = lastAllocationHash;
            _ownerNames = ownerNames;
            _clusterNames = clusterNames;
            _orders = orders;
            _finishedClientKeys = finishedClientKeys;
            _book = book;
        }

        /// <summary>The journal sequence the snapshot stands at.</summary>
        public long Sequence { get; }

        /// <summary>The snapshot's bytes; the same capture always writes the same bytes.</summary>
        public byte[] Write()
        {
            Array.Sort(_orders, static (a, b) => a.Order.Sequence.CompareTo(b.Order.Sequence));
            Array.Sort(_finishedClientKeys);

            // Sized up front: a stream that grows by doubling leaves a trail of discarded large-object-heap buffers (8 MB for a
            // 3.8 MB snapshot), and those bring on full garbage collections.
            using var stream = new MemoryStream(_book.Length + (_orders.Length * 192) + (_finishedClientKeys.Length * 8) + 4_096);
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(SnapshotVersion);
                writer.Write(_marketId);
                _rules.Write(writer);
                writer.Write(Sequence);
                writer.Write(_lastAllocationSequence);
                writer.Write(_lastAllocationHash);
                MarketCommandCodec.WriteStrings(writer, _ownerNames);
                MarketCommandCodec.WriteStrings(writer, _clusterNames);
                writer.Write(_orders.Length);
                foreach (var image in _orders)
                {
                    writer.Write(image.Order.Sequence);
                    writer.Write(image.Order.CreatedAtMs);
                    MarketCommandCodec.WriteRequest(writer, image.Order.Request);
                    writer.Write(image.Quantity);
                    writer.Write(image.Filled);
                    writer.Write(image.FilledNotional);
                    writer.Write(image.Remaining);
                    writer.Write(image.Cancelled);
                    writer.Write((byte)image.End);
                    writer.Write(image.UpdatedSequence);
                    MarketCommandCodec.WriteStrings(writer, image.AllocationIds);
                }

                writer.Write(_finishedClientKeys.Length);
                foreach (var key in _finishedClientKeys)
                {
                    writer.Write(key);
                }

                writer.Write(_book.Length);
                writer.Write(_book);
                writer.Write(_reserve?.Length ?? -1);
                if (_reserve is not null)
                {
                    writer.Write(_reserve);
                }
            }

            return stream.ToArray();
        }

        /// <summary>An order's fields that change, as they stood; the order itself supplies those that never do.</summary>
        internal readonly record struct OrderImage(
            MarketOrder Order, long Quantity, long Filled, decimal FilledNotional, long Remaining, long Cancelled, OrderEnd End,
            long UpdatedSequence, string[] AllocationIds);
    }

    /// <summary>
    /// The market restored from <paramref name="snapshot"/>, or an empty one when there is none or it cannot be read (say,
    /// one written in an older format): a snapshot is only a shortcut, the journal alone suffices. <paramref name="unreadable"/>
    /// hears of a snapshot that could not be read.
    /// </summary>
    public static MarketCore RestoreOrStart(
        string marketId, MarketSnapshot? snapshot, MarketRules startRules, Action<Exception>? unreadable = null)
    {
        if (snapshot is not null)
        {
            try
            {
                return Restore(snapshot.State);
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                unreadable?.Invoke(ex);
            }
        }

        return new MarketCore(marketId, startRules);
    }

    /// <summary>Rebuilds a market from <see cref="ToSnapshot"/> output, under the rules it was trading under.</summary>
    public static MarketCore Restore(ReadOnlySpan<byte> snapshot)
    {
        using var stream = new MemoryStream(snapshot.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version is not (SnapshotVersion or SnapshotVersion5))
        {
            throw new InvalidDataException($"Unknown market snapshot version {version}.");
        }

        var core = new MarketCore(reader.ReadString(), MarketRules.Read(reader))
        {
            LastSequence = reader.ReadInt64(),
            LastAllocationSequence = reader.ReadInt64(),
            LastAllocationHash = reader.ReadBytes(32),
        };
        foreach (var name in MarketCommandCodec.ReadStrings(reader))
        {
            Intern(core._owners, core._ownerNames, name);
        }

        foreach (var name in MarketCommandCodec.ReadStrings(reader))
        {
            Intern(core._clusters, core._clusterNames, name);
        }

        var orders = reader.ReadInt32();
        for (var i = 0; i < orders; i++)
        {
            var sequence = reader.ReadInt64();
            var createdAt = reader.ReadInt64();
            var request = MarketCommandCodec.ReadRequest(reader, extended: version == SnapshotVersion);
            var order = new MarketOrder(sequence, OrderIds.Format(core.MarketId, sequence), request, createdAt)
            {
                Quantity = reader.ReadInt64(),
                Filled = reader.ReadInt64(),
                FilledNotional = reader.ReadDecimal(),
                Remaining = reader.ReadInt64(),
                Cancelled = reader.ReadInt64(),
                End = (OrderEnd)reader.ReadByte(),
                UpdatedSequence = reader.ReadInt64(),
            };
            order.AllocationIds.AddRange(MarketCommandCodec.ReadStrings(reader));
            core._orders.Add(sequence, order);
            core._byClientId[(request.TenantId, request.ClientOrderId)] = order;
            core.TrackExpiry(order);
        }

        var finished = reader.ReadInt32();
        for (var i = 0; i < finished; i++)
        {
            core._finishedClientKeys.Add(reader.ReadUInt64());
        }

        var bookLength = reader.ReadInt32();
        core._book = OrderBook.Restore(reader.ReadBytes(bookLength));
        if (core._book.Config != core._rules.Book)
        {
            throw new InvalidDataException($"Market {core.MarketId}: the engine's snapshot has other units than the market's rules.");
        }

        if (version == SnapshotVersion && reader.ReadInt32() is var reserveLength and >= 0)
        {
            core._reserve = OrderBook.Restore(reader.ReadBytes(reserveLength));
        }

        return core;
    }
}
