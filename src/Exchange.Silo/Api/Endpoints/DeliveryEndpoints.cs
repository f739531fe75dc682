using System.Globalization;
using Exchange.Grains.Catalog;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Silo.Regulator;
using Exchange.Storage.Ledger;
using Exchange.Storage.Settlement;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>What was delivered: one allocation's delivery for its parties, and the export flows for regulators.</summary>
public static class DeliveryEndpoints
{
    public static void MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/allocations/{id}/delivery", Delivery).WithTags("Settlement").RequireRoles(ApiRole.Buyer, ApiRole.Provider, ApiRole.Regulator)
            .WithName("getDelivery").WithSummary("An allocation's delivery")
            .WithDescription("Token-equivalents metered so far (never past the quantity) and remaining; USD charged (fee included), credited for missed SLOs and refunded at close; status pending (not yet funded by settlement), delivering, or closed; and each settled interval with its SLO attainment (requests meeting the SLO / requests, null without requests). Its buyer, its provider and regulators may read it; anyone else gets 404.")
            .Produces<DeliveryResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Delivery);
        app.MapGet("/v1/regulator/flows", Flows).WithTags("Regulator").RequireRoles(ApiRole.Regulator)
            .WithName("getFlows").WithSummary("Delivered tokens and settled money by province and destination")
            .WithDescription("Sums over settled intervals starting in [from, to): token-equivalents delivered, USD charged, credited and refunded, grouped by groupBy (a comma-separated subset of region, jurisdiction, model, provider, day; day is the interval's UTC day; default region,jurisdiction): the tokens that left each province for each destination jurisdiction.")
            .Produces<ItemList<FlowResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.Flows)
            .WithQuery(QueryParameters.Flows);
    }

    private static async Task<IResult> Delivery(
        string id, HttpContext context, AllocationQueries allocations, DeliveryQueries deliveries, IOptions<CatalogOptions> catalog)
    {
        var caller = context.Caller();
        var allocation = await allocations.FindAsync(id, context.RequestAborted);
        if (allocation is null || (caller.Role == ApiRole.Buyer && allocation.BuyerId != caller.TenantId)
            || (caller.Role == ApiRole.Provider && allocation.ProviderId != caller.TenantId))
        {
            return Problem.NotFound("allocation");
        }

        // Settlement pins the weights once it funds the allocation; before, the catalog's (1 each, its default, for a
        // model no longer listed).
        var weights = catalog.Value.WeightsOf(allocation.Model) ?? new Markets.Settlement.TokenWeights(1m, 1m, 1m);
        var delivery = await deliveries.ReadAsync(allocation, weights, context.RequestAborted);
        var status = delivery.Closed ? "closed" : delivery.Funded ? "delivering" : "pending";
        return Results.Ok(new DeliveryResponse(allocation.AllocationId, allocation.Quantity, delivery.Delivered, allocation.Quantity - delivery.Delivered,
            ApiFormat.Usd(delivery.Charged), ApiFormat.Usd(delivery.Credited), ApiFormat.Usd(delivery.Refunded), status,
            [.. delivery.Intervals.Select(i => new DeliveryIntervalResponse(i.Start, i.End, i.Delivered, ApiFormat.Usd(i.Charged),
                i.Requests == 0 ? null : Attainment(i.RequestsMeetingSlo, i.Requests), ApiFormat.Usd(i.Credited), "settled"))]));
    }

    // Four decimals, rounded down: 0.9999 never reads as meeting a 99.99 % target it missed.
    private static string Attainment(long met, long requests) =>
        (decimal.Floor((decimal)met / requests * 10_000m) / 10_000m).ToString("0.0000", CultureInfo.InvariantCulture);

    private static async Task<IResult> Flows(HttpContext context, [FromKeyedServices(RegulatorReads.Key)] TransferQueries transfers)
    {
        var query = context.Request.Query;
        var raw = query["groupBy"].ToString();
        string[] groupBy = raw.Length == 0 ? ["region", "jurisdiction"] : raw.Split(',', StringSplitOptions.TrimEntries);
        if (groupBy.Any(g => !TransferQueries.FlowGroups.ContainsKey(g)) || groupBy.Distinct(StringComparer.Ordinal).Count() != groupBy.Length)
        {
            return Problem.Invalid("groupBy", $"Must be distinct names from {string.Join(", ", TransferQueries.FlowGroups.Keys)}, separated by commas.");
        }

        var (from, badFrom) = Paging.Time("from", query["from"]);
        var (to, badTo) = Paging.Time("to", query["to"]);
        if ((badFrom ?? badTo) is { } problem)
        {
            return problem;
        }

        var rows = new List<FlowResponse>();
        await foreach (var row in transfers.FlowsAsync(groupBy, from, to, context.RequestAborted))
        {
            rows.Add(FlowResponse.From(row));
        }

        return Results.Ok(new ItemList<FlowResponse>(rows));
    }
}
