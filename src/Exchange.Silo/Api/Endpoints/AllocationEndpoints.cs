using System.Globalization;
using Exchange.Contracts.Markets;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>A buyer's or a provider's own allocations.</summary>
public static class AllocationEndpoints
{
    public static void MapAllocationEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/allocations", List).WithTags("Orders").RequireRoles(ApiRole.Provider, ApiRole.Buyer)
            .WithSummary("List own allocations")
            .WithDescription("Allocations in which the caller is the buyer (buyers) or the provider (providers), oldest match first; from/to bound matchedAt as [from, to).")
            .Produces<Page<AllocationResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.AllocationPage);

    private static async Task<IResult> List(
        HttpContext context, AllocationQueries queries, IOptions<ApiOptions> options, string? marketId, string? from, string? to, string? cursor, string? limit)
    {
        var (size, bad) = Paging.Limit(limit, options.Value);
        var (start, badFrom) = Paging.Time("from", from);
        var (end, badTo) = Paging.Time("to", to);
        if ((bad ?? badFrom ?? badTo) is { } problem)
        {
            return problem;
        }

        if (marketId is not null && (marketId.Length > 128 || !MarketId.TryParse(marketId, out _)))
        {
            return Problem.Invalid("marketId", "Is not a market id.");
        }

        AllocationCursor? after = null;
        if (cursor is not null)
        {
            if (ApiFormat.CursorParts(cursor, 3) is not [var ticks, var market, var sequence]
                || !Paging.TryCursorTime(ticks, out var at) || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return Paging.BadCursor();
            }

            after = new AllocationCursor(at, market, seq);
        }

        var caller = context.Caller();
        var filter = new AllocationFilter
        {
            BuyerId = caller.Role == ApiRole.Buyer ? caller.TenantId : null,
            ProviderId = caller.Role == ApiRole.Provider ? caller.TenantId : null,
            MarketId = marketId,
            From = start,
            To = end,
        };
        var rows = await queries.ReadAsync(filter, after, size, context.RequestAborted);
        var next = rows.Count == size
            ? ApiFormat.Cursor(rows[^1].MatchedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), rows[^1].MarketId, rows[^1].Sequence.ToString(CultureInfo.InvariantCulture))
            : null;
        return Results.Ok(new Page<AllocationResponse>([.. rows.Select(AllocationResponse.From)], next));
    }
}
