using Exchange.Grains.Catalog;
using Exchange.Grains.Settlement;
using Exchange.Markets;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Ledger;
using Exchange.Storage.Metering;
using Exchange.Storage.Settlement;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>A buyer's own count of what it received, and an operator's decision when it disagrees with the meter.</summary>
public static class DisputeEndpoints
{
    private const int MaxReason = 500;

    public static void MapDisputeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/allocations/{id}/receipts", SubmitReceipt).WithTags("Settlement").RequireRoles(ApiRole.Buyer)
            .WithName("submitReceipt").WithSummary("Report the buyer's own count of an allocation")
            .WithDescription("Cumulative counters since the allocation's start as the buyer counted them, numbered 1, 2, ... per allocation, under the rules of the provider's readings: a receipt stored before with the same content is a duplicate (200, duplicates 1), with other content 409 reading-conflict; 422 reading-in-future, delivery-closed, counter-regressed, over-delivery, invalid-counters. Each settlement interval compares the provider's newest reading with the buyer's newest receipt timed before its end: when the meter is above the receipt by more than max(0.5 %, 10,000 token-equivalents) the receipt's count settles and the rest is held; still held at close, it is disputed until an operator resolves it or Settlement:DisputeSeconds pass, then refunded. Another buyer's allocation is 404.")
            .Accepts<ReceiptRequest>("application/json")
            .Produces<ReadingsResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(ReceiptRequest.Example, ResponseExamples.Readings);
        app.MapPost("/v1/allocations/{id}/dispute/resolve", Resolve).WithTags("Settlement").RequireRoles(ApiRole.Operator)
            .WithName("resolveDispute").WithSummary("Resolve an allocation's dispute")
            .WithDescription("Awards the provider the disputed token-equivalents found delivered (awarded, 0 to the dispute's disputed): they are charged at the allocation's price (less the fee; oldest first, with the SLO credit of the intervals that delivered them) and the rest is refunded to the buyer (transfer kind dispute); the allocation closes with its escrow at zero. Answers the delivery. Resolving again with the same award is a retry (200); 409 not-disputed when the allocation has no open dispute, dispute-ended when it ended otherwise; 422 award-exceeds-dispute.")
            .Accepts<ResolveDisputeRequest>("application/json")
            .Produces<DeliveryResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(ResolveDisputeRequest.Example, ResponseExamples.Delivery);
    }

    private static async Task<IResult> SubmitReceipt(
        string id, HttpContext context, AllocationQueries allocations, ReceiptStore receipts, IOptions<CatalogOptions> catalog,
        IOptions<SettlementOptions> settlement, TimeProvider clock)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var receipt = ReadingFields.ReadReceipt(fields, id);
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        var allocation = await allocations.FindAsync(id, context.RequestAborted);
        if (allocation is null || allocation.BuyerId != context.Caller().TenantId)
        {
            return Problem.NotFound("allocation");
        }

        var verdict = await receipts.SubmitAsync(receipt!, catalog.Value.WeightsOf, clock.GetUtcNow(), settlement.Value.Grace, context.RequestAborted);
        return verdict.Refusal is { } refused
            ? Problem.Rejected(refused.Code, refused.Detail)
            : Results.Ok(new ReadingsResponse(verdict.Accepted.Count, verdict.Duplicates));
    }

    private static async Task<IResult> Resolve(
        string id, HttpContext context, AllocationQueries allocations, DisputeStore disputes, DeliveryQueries deliveries, IOptions<CatalogOptions> catalog,
        TimeProvider clock)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var awarded = fields.Integer("awarded", true, 0, long.MaxValue);
        var reason = fields.String("reason", false, MaxReason);
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        var allocation = await allocations.FindAsync(id, context.RequestAborted);
        if (allocation is null)
        {
            return Problem.NotFound("allocation");
        }

        var resolution = await disputes.ResolveAsync(id, awarded!.Value, context.Caller().TenantId, reason, clock.GetUtcNow(), context.RequestAborted);
        return resolution.Outcome switch
        {
            ResolutionOutcome.NotDisputed => Problem.Rejected(RejectCode.NotDisputed, "The allocation has no dispute: none was opened when it closed, or it has not closed yet."),
            ResolutionOutcome.AlreadyEnded => Problem.Rejected(RejectCode.DisputeEnded,
                $"The dispute already ended ({resolution.Dispute!.Outcome}, {resolution.Dispute.Awarded} token-equivalents awarded)."),
            ResolutionOutcome.ExceedsDisputed => Problem.Rejected(RejectCode.AwardExceedsDispute,
                $"awarded: at most the {resolution.Dispute!.Disputed} token-equivalents disputed."),
            _ => Results.Ok(await DeliveryView.ReadAsync(allocation, deliveries, catalog.Value, context.RequestAborted)),
        };
    }
}
