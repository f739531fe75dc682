using System.Globalization;
using RegionInfo = Exchange.Contracts.Catalog.RegionInfo;
using Exchange.Contracts.Catalog;
using Exchange.Contracts.Markets;
using Exchange.Grains;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>The catalog and public market data, for any key: regions, models, markets, books and trade tapes, with no identities.</summary>
public static class MarketEndpoints
{
    private const int MaxDepth = 100;

    public static void MapMarketEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("Market data").RequireAnyKey();
        v1.MapGet("/regions", async (IGrainFactory grains) => Results.Ok(new ItemList<RegionInfo>(await Catalog(grains).GetRegions())))
            .WithName("listRegions").WithSummary("List regions").WithDescription("The delivery regions configured in silo-config/ (Hainan, Guangdong, ...).")
            .Produces<ItemList<RegionInfo>>().WithExamples(null, ResponseExamples.Regions);
        v1.MapGet("/models", async (IGrainFactory grains) => Results.Ok(new ItemList<ModelResponse>([.. (await Catalog(grains).GetModels()).Select(ModelResponse.From)])))
            .WithName("listModels").WithSummary("List models").WithDescription("The inference products sold by the token.")
            .Produces<ItemList<ModelResponse>>().WithExamples(null, ResponseExamples.Models);
        v1.MapGet("/markets", ListMarkets)
            .WithName("listMarkets").WithSummary("List markets")
            .WithDescription("Markets (model × delivery period) whose periods start in [from, to), oldest first. Defaults: from now, to the end of the listing (at least the next 47 hours). A market closes at its period start.")
            .Produces<Page<MarketResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.Markets)
            .WithQuery(QueryParameters.Paging);
        v1.MapGet("/markets/{marketId}/book", Book)
            .WithName("getMarketBook").WithSummary("Order book depth")
            .WithDescription("Aggregated price levels, best first: price, quantity and the number of orders; no identities.")
            .Produces<BookResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Book)
            .WithQuery([new QueryParameter("depth", "Price levels per side, 1 to 100 (default 10).", Integer: true)]);
        v1.MapGet("/markets/{marketId}/trades", Trades)
            .WithName("listMarketTrades").WithSummary("Public trade tape")
            .WithDescription("Trades in the market's chain order: price, quantity, match time and sequence; no identities.")
            .Produces<Page<TradeResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Trades)
            .WithQuery(QueryParameters.Paging);
    }

    private static ICatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(ICatalogGrain.SingletonKey);

    private static IResult ListMarkets(
        MarketListing listing, IOptions<CatalogOptions> catalog, IOptions<ApiOptions> options, ExchangeClock clock,
        string? model, string? from, string? to, string? status, string? cursor, string? limit)
    {
        var (size, bad) = Paging.Limit(limit, options.Value);
        var (start, badFrom) = Paging.Time("from", from);
        var (end, badTo) = Paging.Time("to", to);
        if ((bad ?? badFrom ?? badTo) is { } problem)
        {
            return problem;
        }

        if (model is not null && !catalog.Value.Models.Any(m => m.Id == model))
        {
            return Problem.Invalid("model", $"Must be one of: {string.Join(", ", catalog.Value.Models.Select(m => m.Id))}.");
        }

        if (status is not null and not "open" and not "closed")
        {
            return Problem.Invalid("status", "Must be open or closed.");
        }

        var markets = listing.List(model, start ?? clock.UtcNow, end ?? DateTimeOffset.MaxValue)
            .Where(m => status is null || m.Open == (status == "open"))
            .ToList();
        var skip = 0;
        if (cursor is not null)
        {
            if (ApiFormat.CursorParts(cursor, 1) is not [var last])
            {
                return Paging.BadCursor();
            }

            skip = markets.FindIndex(m => m.MarketId == last) + 1;
            if (skip == 0)
            {
                return Paging.BadCursor();
            }
        }

        var page = markets.Skip(skip).Take(size).ToList();
        var next = skip + page.Count < markets.Count ? ApiFormat.Cursor(page[^1].MarketId) : null;
        return Results.Ok(new Page<MarketResponse>([.. page.Select(MarketResponse.From)], next));
    }

    private static async Task<IResult> Book(string marketId, string? depth, IGrainFactory grains, KnownMarkets known, CancellationToken cancellationToken)
    {
        var levels = 10;
        if (depth is not null && (!int.TryParse(depth, NumberStyles.None, CultureInfo.InvariantCulture, out levels) || levels < 1 || levels > MaxDepth))
        {
            return Problem.Invalid("depth", $"Must be a whole number from 1 to {MaxDepth}.");
        }

        return await known.FindAsync(marketId, cancellationToken) is null
            ? Problem.NotFound("market")
            : Results.Ok(BookResponse.From(await grains.GetGrain<IMarketGrain>(marketId).GetBook(levels)));
    }

    private static async Task<IResult> Trades(
        string marketId, string? cursor, string? limit, KnownMarkets known, AllocationQueries queries, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (size, bad) = Paging.Limit(limit, options.Value);
        if (bad is not null)
        {
            return bad;
        }

        long after = 0;
        if (cursor is not null && (ApiFormat.CursorParts(cursor, 1) is not [var sequence] || !long.TryParse(sequence, CultureInfo.InvariantCulture, out after)))
        {
            return Paging.BadCursor();
        }

        if (await known.FindAsync(marketId, cancellationToken) is null)
        {
            return Problem.NotFound("market");
        }

        var rows = await queries.ReadTapeAsync(marketId, after, size, cancellationToken);
        var next = rows.Count == size ? ApiFormat.Cursor(rows[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : null;
        return Results.Ok(new Page<TradeResponse>([.. rows.Select(r => new TradeResponse(r.Sequence, ApiFormat.Price(r.PriceMicros), r.Quantity, r.MatchedAt))], next));
    }
}
