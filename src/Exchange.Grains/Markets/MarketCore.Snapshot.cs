using System.Text;
using Exchange.Matching;
using Exchange.Storage.Journal;

namespace Exchange.Grains.Markets;

/// <summary>Snapshot and restore of the whole market state: bookkeeping plus the engine's own snapshot.</summary>
public sealed partial class MarketCore
{
    private const byte SnapshotVersion = 4;

    // Room for the next snapshot, from the last one: a stream that grows by doubling leaves a trail of discarded
    // large-object-heap buffers (8 MB for a 3.8 MB snapshot), and those bring on full garbage collections.
    private int _snapshotCapacity;

    /// <summary>The market's full state after <see cref="LastSequence"/> commands, in a versioned binary form.</summary>
    public byte[] ToSnapshot()
    {
        using var stream = new MemoryStream(_snapshotCapacity);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(SnapshotVersion);
            writer.Write(MarketId);
            writer.Write(LastSequence);
            writer.Write(LastAllocationSequence);
            writer.Write(LastAllocationHash);
            WriteNames(writer, _ownerNames);
            WriteNames(writer, _clusterNames);
            writer.Write(_orders.Count);
            foreach (var order in Orders)
            {
                writer.Write(order.Sequence);
                writer.Write(order.CreatedAtMs);
                MarketCommandCodec.WriteRequest(writer, order.Request);
                writer.Write(order.Quantity);
                writer.Write(order.Filled);
                writer.Write(order.FilledNotional);
                writer.Write(order.Remaining);
                writer.Write(order.Cancelled);
                writer.Write((byte)order.End);
                writer.Write(order.UpdatedSequence);
                WriteNames(writer, order.AllocationIds);
            }

            writer.Write(_finishedClientKeys.Count);
            foreach (var key in _finishedClientKeys.Order())
            {
                writer.Write(key);
            }

            var book = _book.ToSnapshot();
            writer.Write(book.Length);
            writer.Write(book);
        }

        _snapshotCapacity = (int)Math.Min(Array.MaxLength, stream.Length + (stream.Length / 8));
        return stream.ToArray();
    }

    /// <summary>
    /// The market restored from <paramref name="snapshot"/>, or an empty one when there is none or it cannot be read (say,
    /// one written in an older format): a snapshot is only a shortcut, the journal alone suffices. <paramref name="unreadable"/>
    /// hears of a snapshot that could not be read.
    /// </summary>
    public static MarketCore RestoreOrStart(
        string marketId, MarketSnapshot? snapshot, MarketOptions options, AttributeCatalog attributes, Action<Exception>? unreadable = null)
    {
        if (snapshot is not null)
        {
            try
            {
                return Restore(snapshot.State, options, attributes);
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                unreadable?.Invoke(ex);
            }
        }

        return new MarketCore(marketId, options, attributes);
    }

    /// <summary>Rebuilds a market from <see cref="ToSnapshot"/> output.</summary>
    public static MarketCore Restore(ReadOnlySpan<byte> snapshot, MarketOptions options, AttributeCatalog attributes)
    {
        using var stream = new MemoryStream(snapshot.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != SnapshotVersion)
        {
            throw new InvalidDataException($"Unknown market snapshot version {version}.");
        }

        var core = new MarketCore(reader.ReadString(), options, attributes)
        {
            LastSequence = reader.ReadInt64(),
            LastAllocationSequence = reader.ReadInt64(),
            LastAllocationHash = reader.ReadBytes(32),
        };
        foreach (var name in ReadNames(reader))
        {
            Intern(core._owners, core._ownerNames, name);
        }

        foreach (var name in ReadNames(reader))
        {
            Intern(core._clusters, core._clusterNames, name);
        }

        var orders = reader.ReadInt32();
        for (var i = 0; i < orders; i++)
        {
            var sequence = reader.ReadInt64();
            var createdAt = reader.ReadInt64();
            var request = MarketCommandCodec.ReadRequest(reader);
            var order = new MarketOrder(sequence, Contracts.Markets.OrderIds.Format(core.MarketId, sequence), request, createdAt)
            {
                Quantity = reader.ReadInt64(),
                Filled = reader.ReadInt64(),
                FilledNotional = reader.ReadDecimal(),
                Remaining = reader.ReadInt64(),
                Cancelled = reader.ReadInt64(),
                End = (OrderEnd)reader.ReadByte(),
                UpdatedSequence = reader.ReadInt64(),
            };
            order.AllocationIds.AddRange(ReadNames(reader));
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
        return core;
    }

    private static void WriteNames(BinaryWriter writer, List<string> names)
    {
        writer.Write(names.Count);
        foreach (var name in names)
        {
            writer.Write(name);
        }
    }

    private static List<string> ReadNames(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            names.Add(reader.ReadString());
        }

        return names;
    }
}
