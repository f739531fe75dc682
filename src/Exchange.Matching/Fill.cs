namespace Exchange.Matching;

/// <summary>A trade at the resting (maker) order's price: an allocation of one cluster's tokens to a buyer.</summary>
/// <remarks>ClusterId: The cluster of the ask side of the trade.</remarks>
/// <remarks>TakerSide: The incoming order's side; the buyer is the taker when this is <see cref="Side.Buy"/>.</remarks>
public readonly record struct Fill(
    long Sequence,
    long MakerId,
    long TakerId,
    int MakerOwner,
    int TakerOwner,
    long Price,
    long Quantity,
    long ClusterId,
    Side TakerSide)
{
    public long BuyerId => TakerSide == Side.Buy ? TakerId : MakerId;

    public long SellerId => TakerSide == Side.Buy ? MakerId : TakerId;
}
