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
            .WithDescription("Token-equivalents metered so far (never past the quantity) and remaining; USD charged (fee included), credited for missed SLOs and refunded at close (a dispute's outcome included); status pending (not yet funded by settlement), delivering, disputed (closed with money held for a dispute) or closed; each settled interval with its SLO attainment (requests meeting the SLO / requests, null without requests) and status settled, or disputed when the buyer's receipts held part of the metered count back; and the dispute, if the close opened one. Its buyer, its provider and regulators may read it; anyone else gets 404.")
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

        return Results.Ok(await DeliveryView.ReadAsync(allocation, deliveries, catalog.Value, context.RequestAborted));
    }

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
