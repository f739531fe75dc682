namespace Exchange.Matching;

/// <summary>A trade at the resting (maker) order's price: an allocation of one cluster's tokens to a buyer.</summary>
/// <param name="Sequence">The book's event sequence number.</param>
/// <param name="MakerId">The resting order's id.</param>
/// <param name="TakerId">The incoming order's id.</param>
/// <param name="MakerOwner">The resting order's owner.</param>
/// <param name="TakerOwner">The incoming order's owner.</param>
/// <param name="Price">The resting order's price.</param>
/// <param name="Quantity">Tokens traded, a whole number of lots.</param>
/// <param name="ClusterId">The cluster of the ask side of the trade.</param>
/// <param name="TakerSide">The incoming order's side; the buyer is the taker when this is <see cref="Side.Buy"/>.</param>
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
