using Exchange.Markets;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Storage.Ledger;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Reads allocation filters from a query string, naming any bad one.</summary>
public static class AllocationFilters
{
    /// <summary>The filters a regulator may combine (match time, delivery period, region, provider, cluster, buyer, jurisdiction, model, market).</summary>
    public static (AllocationFilter? Filter, IResult? Problem) Read(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (from, badFrom) = Paging.Time("from", query["from"]);
        var (to, badTo) = Paging.Time("to", query["to"]);
        var (deliveryFrom, badDeliveryFrom) = Paging.Time("deliveryFrom", query["deliveryFrom"]);
        var (deliveryTo, badDeliveryTo) = Paging.Time("deliveryTo", query["deliveryTo"]);
        if ((badFrom ?? badTo ?? badDeliveryFrom ?? badDeliveryTo) is { } problem)
        {
            return (null, problem);
        }

        string? Id(string name, out IResult? bad) => Paging.Id(query, name, out bad);

        var filter = new AllocationFilter
        {
            From = from,
            To = to,
            DeliveryFrom = deliveryFrom,
            DeliveryTo = deliveryTo,
            Region = Id("region", out var badRegion),
            ProviderId = Id("providerId", out var badProvider),
            ClusterId = Id("clusterId", out var badCluster),
            BuyerId = Id("buyerId", out var badBuyer),
            BuyerJurisdiction = Id("jurisdiction", out var badJurisdiction),
            Model = Id("model", out var badModel),
            MarketId = Id("marketId", out var badMarket),
        };
        if ((badRegion ?? badProvider ?? badCluster ?? badBuyer ?? badJurisdiction ?? badModel ?? badMarket) is { } badId)
        {
            return (null, badId);
        }

        return Paging.BadMarketId(filter.MarketId) is { } badMarketId ? (null, badMarketId) : (filter, null);
    }
}
