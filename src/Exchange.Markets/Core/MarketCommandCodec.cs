using System.Text;

namespace Exchange.Markets;

/// <summary>The journal's binary form of market commands: versioned, explicit, independent of any serializer's defaults.</summary>
public static class MarketCommandCodec
{
    // 1 and 2 are read, no longer written: their requests end before the failover fields (RequestExtension).
    private const byte PlainVersion1 = 1;
    private const byte PinningVersion1 = 2;

    private const byte Version = 3;

    // The same as version 3, with the market's rules after the version byte: a market's first command.
    private const byte PinningVersion = 4;

    [Flags]
    private enum RequestExtension : byte
    {
        None = 0,
        Reserve = 1,
        Failover = 2,
        Parent = 4,
    }

    private enum Kind : byte
    {
        Place = 1,
        Cancel = 2,
        Reduce = 3,
        CancelCluster = 4,
        Close = 5,
        Tick = 6,
    }

    public static byte[] Encode(MarketCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            if (command.Rules is { } rules)
            {
                writer.Write(PinningVersion);
                rules.Write(writer);
            }
            else
            {
                writer.Write(Version);
            }

            switch (command)
            {
                case PlaceCommand place:
                    writer.Write((byte)Kind.Place);
                    writer.Write(place.Timestamp);
                    WriteRequest(writer, place.Request);
                    break;
                case CancelCommand cancel:
                    writer.Write((byte)Kind.Cancel);
                    writer.Write(cancel.Timestamp);
                    writer.Write(cancel.OrderSequence);
                    break;
                case ReduceCommand reduce:
                    writer.Write((byte)Kind.Reduce);
                    writer.Write(reduce.Timestamp);
                    writer.Write(reduce.OrderSequence);
                    writer.Write(reduce.NewQuantity);
                    break;
                case CancelClusterCommand cluster:
                    writer.Write((byte)Kind.CancelCluster);
                    writer.Write(cluster.Timestamp);
                    writer.Write(cluster.ClusterId);
                    break;
                case CloseCommand close:
                    writer.Write((byte)Kind.Close);
                    writer.Write(close.Timestamp);
                    break;
                case TickCommand tick:
                    writer.Write((byte)Kind.Tick);
                    writer.Write(tick.Timestamp);
                    break;
                default:
                    throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command));
            }
        }

        return stream.ToArray();
    }

    public static MarketCommand Decode(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray());
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version is not (Version or PinningVersion or PlainVersion1 or PinningVersion1))
        {
            throw new InvalidDataException($"Unknown market command version {version}.");
        }

        var rules = version is PinningVersion or PinningVersion1 ? MarketRules.Read(reader) : null;
        var extended = version is Version or PinningVersion;
        var kind = (Kind)reader.ReadByte();
        var timestamp = reader.ReadInt64();
        MarketCommand command = kind switch
        {
            Kind.Place => new PlaceCommand(timestamp, ReadRequest(reader, extended)),
            Kind.Cancel => new CancelCommand(timestamp, reader.ReadInt64()),
            Kind.Reduce => new ReduceCommand(timestamp, reader.ReadInt64(), reader.ReadInt64()),
            Kind.CancelCluster => new CancelClusterCommand(timestamp, reader.ReadString()),
            Kind.Close => new CloseCommand(timestamp),
            Kind.Tick => new TickCommand(timestamp),
            _ => throw new InvalidDataException($"Unknown market command kind {(byte)kind}."),
        };
        return rules is null ? command : command with { Rules = rules };
    }

    internal static void WriteRequest(BinaryWriter writer, OrderRequest r)
    {
        writer.Write(r.TenantId);
        writer.Write(r.ClientOrderId);
        writer.Write((byte)r.Side);
        writer.Write((byte)r.Kind);
        writer.Write(r.PriceMicros);
        writer.Write(r.Quantity);
        writer.Write((byte)r.TimeInForce);
        writer.Write(r.ExpiresAt?.ToUnixTimeMilliseconds() ?? long.MinValue);
        writer.Write(r.PostOnly);
        writer.Write(r.Jurisdiction);
        writer.Write(r.Cluster is not null);
        if (r.Cluster is { } c)
        {
            writer.Write(c.ClusterId);
            writer.Write(c.Region);
            writer.Write(c.Tier);
            WriteStrings(writer, c.DataPolicies);
        }

        writer.Write(r.Constraints is not null);
        if (r.Constraints is { } k)
        {
            WriteStrings(writer, k.Regions);
            writer.Write(k.MinTier);
            WriteStrings(writer, k.DataPolicies);
        }

        var extension = (r.Reserve ? RequestExtension.Reserve : 0) | (r.Failover is null ? 0 : RequestExtension.Failover)
            | (r.ParentAllocationId is null ? 0 : RequestExtension.Parent);
        writer.Write((byte)extension);
        if (r.Failover is { } failover)
        {
            writer.Write(failover.Reallocate);
            writer.Write(failover.MaxPriceMicros);
        }

        if (r.ParentAllocationId is { } parent)
        {
            writer.Write(parent);
        }
    }

    /// <summary>A request as <see cref="WriteRequest"/> wrote it; <paramref name="extended"/> is false for forms older than the failover fields.</summary>
    internal static OrderRequest ReadRequest(BinaryReader reader, bool extended)
    {
        var tenant = reader.ReadString();
        var clientOrderId = reader.ReadString();
        var side = (OrderSide)reader.ReadByte();
        var kind = (OrderKind)reader.ReadByte();
        var price = reader.ReadInt64();
        var quantity = reader.ReadInt64();
        var tif = (OrderTimeInForce)reader.ReadByte();
        var expires = reader.ReadInt64();
        var postOnly = reader.ReadBoolean();
        var jurisdiction = reader.ReadString();
        SellerCluster? cluster = reader.ReadBoolean()
            ? new SellerCluster(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), ReadStrings(reader))
            : null;
        BuyerConstraints? constraints = reader.ReadBoolean()
            ? new BuyerConstraints(ReadStrings(reader), reader.ReadInt32(), ReadStrings(reader))
            : null;
        var request = new OrderRequest(
            tenant, clientOrderId, side, kind, price, quantity, tif,
            expires == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(expires),
            postOnly, cluster, constraints, jurisdiction);
        if (!extended)
        {
            return request;
        }

        var extension = (RequestExtension)reader.ReadByte();
        if ((extension & ~(RequestExtension.Reserve | RequestExtension.Failover | RequestExtension.Parent)) != 0)
        {
            throw new InvalidDataException($"Unknown order request fields {(byte)extension}.");
        }

        return request with
        {
            Reserve = extension.HasFlag(RequestExtension.Reserve),
            Failover = extension.HasFlag(RequestExtension.Failover) ? new FailoverTerms(reader.ReadBoolean(), reader.ReadInt64()) : null,
            ParentAllocationId = extension.HasFlag(RequestExtension.Parent) ? reader.ReadString() : null,
        };
    }

    /// <summary>A count, then each string; the one way the journal and snapshots write a list of names.</summary>
    internal static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    internal static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
