using System.Globalization;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>A buyer's or a provider's own allocations; the same pages serve regulators over the whole ledger.</summary>
public static class AllocationEndpoints
{
    public static void MapAllocationEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/allocations", ListOwn).WithTags("Orders").RequireRoles(ApiRole.Provider, ApiRole.Buyer)
            .WithName("listAllocations").WithSummary("List own allocations")
            .WithDescription("Allocations in which the caller is the buyer (buyers) or the provider (providers), oldest match first; from/to bound matchedAt as [from, to). marketId, deliveryFrom/deliveryTo, region, clusterId, jurisdiction and model filter too.")
            .Produces<Page<AllocationResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.AllocationPage)
            .WithQuery(QueryParameters.AllocationFilters, QueryParameters.Paging);

    private static Task<IResult> ListOwn(HttpContext context, AllocationQueries queries, IOptions<ApiOptions> options)
    {
        var (filter, problem) = AllocationFilters.Read(context.Request.Query);
        if (problem is not null)
        {
            return Task.FromResult(problem);
        }

        var caller = context.Caller();
        return PageAsync(context, queries, options.Value, filter! with
        {
            BuyerId = caller.Role == ApiRole.Buyer ? caller.TenantId : null,
            ProviderId = caller.Role == ApiRole.Provider ? caller.TenantId : null,
        });
    }

    /// <summary>
    /// One page of the allocations a filter selects, oldest match first, after the request's cursor. A full page has a
    /// next cursor; so has a short one that is not empty when <paramref name="moreMayArrive"/>, so a reader can resume
    /// where it stopped once more rows are settled (the page after it is empty until then, and has no cursor).
    /// </summary>
    public static async Task<IResult> PageAsync(HttpContext context, AllocationQueries queries, ApiOptions options, AllocationFilter filter, bool moreMayArrive = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(queries);
        var (size, bad) = Paging.Limit(context.Request.Query["limit"], options);
        if (bad is not null)
        {
            return bad;
        }

        AllocationCursor? after = null;
        if (context.Request.Query.TryGetValue("cursor", out var values) && values.ToString() is var cursor)
        {
            if (ApiFormat.CursorParts(cursor, 3) is not [var ticks, var market, var sequence]
                || !Paging.TryCursorTime(ticks, out var at) || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return Paging.BadCursor();
            }

            after = new AllocationCursor(at, market, seq);
        }

        var rows = await queries.ReadAsync(filter, after, size, context.RequestAborted);
        var next = rows.Count == size || (moreMayArrive && rows.Count > 0)
            ? ApiFormat.Cursor(rows[^1].MatchedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), rows[^1].MarketId, rows[^1].Sequence.ToString(CultureInfo.InvariantCulture))
            : null;
        return Results.Ok(new Page<AllocationResponse>([.. rows.Select(AllocationResponse.From)], next));
    }
}
