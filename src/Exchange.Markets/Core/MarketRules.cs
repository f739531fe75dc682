using Exchange.Matching;

namespace Exchange.Markets;

/// <summary>
/// The rules one market trades under: its period, its units and limits, and how it numbers regions and data policies.
/// Taken from configuration when the market starts, journaled with its first command and kept in its snapshots, so a
/// market restored or replayed after the configuration changed behaves exactly as it did (a changed tick would re-price
/// its resting orders, an inserted region re-label its capacity); only markets that start later take the new values.
/// </summary>
public sealed record MarketRules
{
    private const byte Version = 1;

    public MarketRules(
        int periodMinutes, long lotSize, long tickMicros, long maxPriceMicros, long maxOrderQuantity, long marketBandTicks,
        IReadOnlyList<string> regions, IReadOnlyList<string> dataPolicies)
    {
        if (periodMinutes < 1 || lotSize < 1 || tickMicros < 1 || maxPriceMicros < tickMicros || maxOrderQuantity < lotSize || marketBandTicks < 0)
        {
            throw new ArgumentException("Market rules out of range.");
        }

        PeriodMinutes = periodMinutes;
        LotSize = lotSize;
        TickMicros = tickMicros;
        MaxPriceMicros = maxPriceMicros;
        MaxOrderQuantity = maxOrderQuantity;
        MarketBandTicks = marketBandTicks;
        Attributes = new AttributeCatalog(regions, dataPolicies);
    }

    public int PeriodMinutes { get; }

    public long LotSize { get; }

    public long TickMicros { get; }

    public long MaxPriceMicros { get; }

    public long MaxOrderQuantity { get; }

    public long MarketBandTicks { get; }

    /// <summary>The market's numbering of region and data-policy names.</summary>
    public AttributeCatalog Attributes { get; }

    public TimeSpan Period => TimeSpan.FromMinutes(PeriodMinutes);

    /// <summary>The engine's configuration: prices in ticks, so its tick is 1.</summary>
    public BookConfig Book => new()
    {
        LotSize = LotSize,
        TickSize = 1,
        MaxPrice = MaxPriceMicros / TickMicros,
        MaxQuantity = MaxOrderQuantity,
        MarketBandTicks = MarketBandTicks,
    };

    public bool Equals(MarketRules? other) =>
        other is not null
        && (PeriodMinutes, LotSize, TickMicros, MaxPriceMicros, MaxOrderQuantity, MarketBandTicks)
            == (other.PeriodMinutes, other.LotSize, other.TickMicros, other.MaxPriceMicros, other.MaxOrderQuantity, other.MarketBandTicks)
        && Attributes.Regions.SequenceEqual(other.Attributes.Regions, StringComparer.Ordinal)
        && Attributes.DataPolicies.SequenceEqual(other.Attributes.DataPolicies, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(PeriodMinutes, LotSize, TickMicros, Attributes.Regions.Count, Attributes.DataPolicies.Count);

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Version);
        writer.Write(PeriodMinutes);
        writer.Write(LotSize);
        writer.Write(TickMicros);
        writer.Write(MaxPriceMicros);
        writer.Write(MaxOrderQuantity);
        writer.Write(MarketBandTicks);
        MarketCommandCodec.WriteStrings(writer, Attributes.Regions);
        MarketCommandCodec.WriteStrings(writer, Attributes.DataPolicies);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; <see cref="InvalidDataException"/> for anything else.</summary>
    public static MarketRules Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"Unknown market rules version {version}.");
        }

        try
        {
            return new MarketRules(
                reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(),
                MarketCommandCodec.ReadStrings(reader), MarketCommandCodec.ReadStrings(reader));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("Market rules out of range.", ex);
        }
    }
}
