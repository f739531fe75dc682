using System.Text.Json;
using Exchange.Contracts.Markets;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Silo.Api.Responses;

namespace Exchange.Silo.Api.Requests;

/// <summary>A validated order body: the market it goes to and the request for the tenant's grain.</summary>
public sealed record ParsedOrder(string MarketId, OrderRequest Request);

/// <summary>Reads and validates a POST /v1/orders body; which fields a sell or a buy, a limit or a market order may carry.</summary>
public static class OrderRequestReader
{
    private static readonly IReadOnlyDictionary<string, OrderSide> Sides = ApiFormat.Names<OrderSide>(ApiFormat.Side);

    private static readonly IReadOnlyDictionary<string, OrderKind> Types = ApiFormat.Names<OrderKind>(ApiFormat.Kind);

    private static readonly IReadOnlyDictionary<string, OrderTimeInForce> TimesInForce = ApiFormat.Names<OrderTimeInForce>(ApiFormat.TimeInForce);

    public static (ParsedOrder? Order, FieldErrors Errors) Read(JsonDocument body, string tenantId, MarketOptions markets, CatalogOptions catalog)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(catalog);
        var fields = BodyFields.Of(body, new FieldErrors());
        var clientOrderId = fields.String("clientOrderId", true, 64, Ids.Printable(), Ids.PrintableHint);
        var marketId = fields.String("marketId", true, 128);
        var side = fields.Choice("side", true, Sides);
        var kind = fields.Choice("type", false, Types) ?? OrderKind.Limit;
        var timeInForce = fields.Choice("timeInForce", false, TimesInForce) ?? (kind == OrderKind.Market ? OrderTimeInForce.Ioc : OrderTimeInForce.Gtc);
        var quantity = fields.Integer("quantity", true, 1, markets.MaxOrderQuantity);
        var postOnly = fields.Boolean("postOnly", false) ?? false;

        long priceMicros = 0;
        if (kind == OrderKind.Limit)
        {
            var maxPrice = markets.MaxPriceMicros / (decimal)Money.MicrosPerDollar;
            if (fields.DecimalString("price", true, 6, 0m, maxPrice) is { } price)
            {
                priceMicros = ApiFormat.PriceMicros(price);
                if (priceMicros == 0)
                {
                    fields.Fail("price", "Must be more than zero.");
                }
            }
        }
        else
        {
            fields.Forbid("price", "A market order has no price; it trades within the market's protection band.");
        }

        DateTimeOffset? expiresAt = null;
        if (timeInForce == OrderTimeInForce.Gtd)
        {
            expiresAt = fields.Timestamp("expiresAt", true);
        }
        else
        {
            fields.Forbid("expiresAt", "Only a GTD order expires at a time.");
        }

        SellerCluster? cluster = null;
        BuyerConstraints? constraints = null;
        FailoverTerms? failover = null;
        var reserve = false;
        if (side == OrderSide.Sell)
        {
            cluster = fields.String("clusterId", true, 64, Ids.Resource(), Ids.ResourceHint) is { } clusterId
                ? new SellerCluster(clusterId, "", 0, [])
                : null;
            fields.Forbid("constraints", "Only a buy order carries constraints; an ask carries its cluster's attributes.");
            fields.Forbid("failover", "Only a buy order chooses what happens when its cluster fails.");
            reserve = fields.Boolean("reserve", false) ?? false;
            if (reserve && (kind == OrderKind.Market || timeInForce is OrderTimeInForce.Ioc or OrderTimeInForce.Fok))
            {
                fields.Fail("reserve", "Only an order that rests (a limit order, GTC or GTD) can be held in reserve.");
            }
        }
        else if (side == OrderSide.Buy)
        {
            fields.Forbid("clusterId", "Only a sell order names a cluster.");
            fields.Forbid("reserve", "Only a sell order can be held in reserve for re-allocations.");
            constraints = ReadConstraints(fields, catalog);
            failover = ReadFailover(fields, markets);
        }

        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return (null, fields.Errors);
        }

        var request = new OrderRequest(tenantId, clientOrderId!, side!.Value, kind, priceMicros, quantity!.Value, timeInForce, expiresAt,
            postOnly, cluster, constraints, "", Reserve: reserve, Failover: failover);
        return (new ParsedOrder(marketId!, request), fields.Errors);
    }

    /// <summary><c>false</c> refunds instead of re-allocating; an object may name the most a replacement may cost (default: the order's price).</summary>
    private static FailoverTerms? ReadFailover(BodyFields fields, MarketOptions markets)
    {
        var (off, nested) = fields.ObjectOrFalse("failover");
        if (off)
        {
            return FailoverTerms.Refund;
        }

        if (nested is null)
        {
            return null;
        }

        var maxPrice = nested.DecimalString("maxPrice", false, 6, 0m, markets.MaxPriceMicros / (decimal)Money.MicrosPerDollar);
        nested.RejectUnknown();
        if (maxPrice is { } price && ApiFormat.PriceMicros(price) is var micros)
        {
            if (micros == 0)
            {
                nested.Fail("maxPrice", "Must be more than zero.");
            }

            return new FailoverTerms(true, micros);
        }

        return new FailoverTerms(true, 0);
    }

    private static BuyerConstraints ReadConstraints(BodyFields fields, CatalogOptions catalog)
    {
        if (fields.Object("constraints", false) is not { } nested)
        {
            return new BuyerConstraints([], 0, []);
        }

        var regions = nested.StringSet("regions", false, [.. catalog.Regions.Select(r => r.Id)]) ?? [];
        var minTier = nested.Integer("minTier", false, 0, 3) ?? 0;
        var policies = nested.StringSet("dataPolicies", false, catalog.DataPolicies) ?? [];
        nested.RejectUnknown();
        return new BuyerConstraints(regions, (int)minTier, policies);
    }
}
