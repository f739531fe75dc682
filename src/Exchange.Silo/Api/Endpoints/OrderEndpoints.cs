using System.Globalization;
using Exchange.Contracts.Markets;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Catalog;
using Exchange.Grains.Markets;
using Exchange.Markets;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Orders;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Orders: providers sell capacity, buyers buy tokens; both read, reduce and cancel their own.</summary>
public static class OrderEndpoints
{
    private static readonly IReadOnlyDictionary<string, OrderStatus> Statuses = ApiFormat.Names<OrderStatus>(ApiFormat.Status);

    public static void MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/v1/orders").WithTags("Orders").RequireRoles(ApiRole.Provider, ApiRole.Buyer);
        orders.MapPost("", Place)
            .WithName("placeOrder").WithSummary("Place an order")
            .WithDescription("Providers sell (clusterId required), buyers buy (optional constraints). Answered once the order is durable, as it stands after matching on arrival, fills included. A retry with the same clientOrderId answers 200 with the first outcome; the same id with other content is 409. Business refusals are 422 with a reason code (capacity-exceeded, credit-limit-exceeded, market-closed, price-out-of-band, invalid-tick-size, ...); none stores an order.")
            .Accepts<CreateOrderRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created).Produces<OrderResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(CreateOrderRequest.Example, ResponseExamples.Order);
        orders.MapGet("", List)
            .WithName("listOrders").WithSummary("List own orders")
            .WithDescription("Own orders, oldest first, optionally of one status (open, partially_filled, filled, cancelled, expired) or market.")
            .Produces<Page<OrderResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.OrderPage)
            .WithQuery(QueryParameters.Paging);
        orders.MapGet("/{orderId}", Get)
            .WithName("getOrder").WithSummary("Read an own order")
            .WithDescription("Another tenant's order is 404, as if it did not exist.")
            .Produces<OrderResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Order);
        orders.MapPatch("/{orderId}", Reduce)
            .WithName("reduceOrder").WithSummary("Reduce an order's quantity")
            .WithDescription("The new total quantity must be lower than now and above what has filled; the order keeps its time priority. To change the price, cancel and place a new order.")
            .Accepts<ReduceOrderRequest>("application/json")
            .Produces<OrderResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(ReduceOrderRequest.Example, ResponseExamples.Order);
        orders.MapDelete("/{orderId}", Cancel)
            .WithName("cancelOrder").WithSummary("Cancel an order")
            .WithDescription("Cancels what remains and answers with the order; an order no longer open is answered unchanged.")
            .Produces<OrderResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Order);
    }

    private static async Task<IResult> Place(HttpContext context, IGrainFactory grains, IOptions<MarketOptions> markets, IOptions<CatalogOptions> catalog)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var (parsed, errors) = OrderRequestReader.Read(document, context.Caller().TenantId, markets.Value, catalog.Value);
        if (parsed is null)
        {
            return Problem.Validation(errors.ToDictionary());
        }

        var result = await grains.GetGrain<ITenantGrain>(context.Caller().TenantId).PlaceOrder(parsed.MarketId, parsed.Request);
        if (result.RejectReason is { } reject)
        {
            return Problem.Rejected(reject);
        }

        var order = result.Order!;

        return result.Repeated
            ? Results.Ok(OrderResponse.From(order))
            : Results.Created($"/v1/orders/{order.OrderId}", OrderResponse.From(order));
    }

    private static async Task<IResult> List(
        HttpContext context, OrderListing listing, IOptions<ApiOptions> options, string? status, string? marketId, string? cursor, string? limit)
    {
        var (size, bad) = Paging.Limit(limit, options.Value);
        if (bad is not null)
        {
            return bad;
        }

        OrderStatus? wanted = null;
        if (status is not null)
        {
            if (!Statuses.TryGetValue(status, out var parsed))
            {
                return Problem.Invalid("status", $"Must be one of: {string.Join(", ", Statuses.Keys)}.");
            }

            wanted = parsed;
        }

        if (Paging.BadMarketId(marketId) is { } badMarket)
        {
            return badMarket;
        }

        (DateTimeOffset, string)? after = null;
        if (cursor is not null)
        {
            if (ApiFormat.CursorParts(cursor, 2) is not [var ticks, var orderId] || !Paging.TryCursorTime(ticks, out var at))
            {
                return Paging.BadCursor();
            }

            after = (at, orderId);
        }

        var page = await listing.PageAsync(context.Caller().TenantId, wanted, marketId, after, size, context.RequestAborted);
        var next = page.Count == size
            ? ApiFormat.Cursor(page[^1].CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), page[^1].OrderId)
            : null;
        return Results.Ok(new Page<OrderResponse>([.. page.Select(OrderResponse.From)], next));
    }

    private static async Task<IResult> Get(string orderId, HttpContext context, IGrainFactory grains, KnownMarkets known) =>
        await MarketAsync(orderId, grains, known, context.RequestAborted) is { } market && await market.GetOrder(context.Caller().TenantId, orderId) is { } order
            ? Results.Ok(OrderResponse.From(order))
            : Problem.NotFound("order");

    private static async Task<IResult> Reduce(string orderId, HttpContext context, IGrainFactory grains, IOptions<MarketOptions> markets, KnownMarkets known)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var quantity = fields.Integer("quantity", true, 1, markets.Value.MaxOrderQuantity);
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        if (await MarketAsync(orderId, grains, known, context.RequestAborted) is not { } market)
        {
            return Problem.NotFound("order");
        }

        return Amended(await market.Reduce(context.Caller().TenantId, orderId, quantity!.Value));
    }

    private static async Task<IResult> Cancel(string orderId, HttpContext context, IGrainFactory grains, KnownMarkets known) =>
        await MarketAsync(orderId, grains, known, context.RequestAborted) is { } market
            ? Amended(await market.Cancel(context.Caller().TenantId, orderId))
            : Problem.NotFound("order");

    private static IResult Amended(AmendOrderResult result) => result switch
    {
        { Order: null } => Problem.NotFound("order"),
        { RejectReason: { } reason } => Problem.Rejected(reason),
        _ => Results.Ok(OrderResponse.From(result.Order)),
    };

    /// <summary>The market an order id names, if that market is real (<see cref="KnownMarkets"/>); so a made-up id never wakes a grain.</summary>
    private static async ValueTask<IMarketGrain?> MarketAsync(string orderId, IGrainFactory grains, KnownMarkets known, CancellationToken cancellationToken) =>
        orderId.Length <= 160 && OrderIds.TryParse(orderId, out var marketId, out _) && await known.FindAsync(marketId, cancellationToken) is not null
            ? grains.GetGrain<IMarketGrain>(marketId)
            : null;
}
