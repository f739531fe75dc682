using System.Globalization;
using System.Text;
using System.Text.Json;
using Exchange.Grains.Markets;
using Exchange.Silo.Regulator;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Failover;
using Exchange.Storage.Ledger;
using Exchange.Storage.Regulator;
using Exchange.Storage.Settlement;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Regulators: the whole allocation ledger, its summaries and exports, and proof that it was not altered. Read-only.</summary>
public static class RegulatorEndpoints
{
    /// <summary>The allocation fields in the contract's order: CSV columns and JSON Lines keys.</summary>
    private static readonly string[] ExportColumns =
    [
        "allocationId", "marketId", "model", "periodStart", "periodEnd", "buyerId", "buyerJurisdiction", "buyOrderId", "providerId",
        "clusterId", "region", "sellOrderId", "quantity", "price", "notional", "matchedAt", "sequence", "hash", "prevHash",
        "parentAllocationId",
    ];

    public static void MapRegulatorEndpoints(this IEndpointRouteBuilder app)
    {
        var regulator = app.MapGroup("/v1/regulator").WithTags("Regulator").RequireRoles(ApiRole.Regulator);
        regulator.MapGet("/allocations", List)
            .WithName("searchLedgerAllocations").WithSummary("Query the allocation ledger")
            .WithDescription("Every settled allocation matching all given filters, oldest match first: from/to bound matchedAt, deliveryFrom/deliveryTo bound periodStart, and region, providerId, clusterId, buyerId, jurisdiction, model and marketId select. Keyset pages: pass nextCursor back as cursor. Only allocations matched before the ledger's settled horizon (Regulator:SettleMilliseconds, 10 s ago by default) are served; none can ever be added before it, so a walk through the pages never skips or repeats a row while new allocations arrive. While the range reaches past the horizon, a page that is short but not empty still has a nextCursor to resume from later; an empty page has none.")
            .Produces<Page<AllocationResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.AllocationPage)
            .WithQuery(QueryParameters.AllocationFilters, QueryParameters.Paging);
        regulator.MapGet("/orders/{orderId}/lifecycle", Lifecycle)
            .WithName("getOrderLifecycle").WithSummary("An order's lifecycle")
            .WithDescription("Every event of one order (any tenant's) from acceptance to its last fill, cancel or expiry, reconstructed from its market's journal: type (accepted, fill, reduced, cancelled, expired), at (UTC), sequence (the journal's), quantity (tokens the event concerned), price (limit or fill price) and allocationId (fills); then a reallocated event for each replacement failover made of one of its fills (the replacement's quantity, price and allocation).")
            .Produces<LifecycleResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Lifecycle);
        regulator.MapGet("/allocations/{allocationId}/lineage", Lineage)
            .WithName("getAllocationLineage").WithSummary("The tree an allocation became through failovers")
            .WithDescription("From any allocation of a lineage: its root (the trade) and every allocation failover made to replace what a failed cluster did not deliver, root first then level by level, each with its parent, its cause (trade or failover), the cover the failed provider paid into it and the penalty its own provider paid when its cluster failed. Follows a token order through every cluster that served it.")
            .Produces<LineageResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Lineage);
        regulator.MapGet("/summary", Summary)
            .WithName("summarizeLedger").WithSummary("Summarize the ledger")
            .WithDescription("Rows grouped by any of region, jurisdiction, model, provider (the provider's tenant id) and day (UTC date of matchedAt), each with allocations, quantity and notional; the same filters as the query. Notional is exact, so the rows add up to the ledger.")
            .Produces<SummaryResponse>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.Summary)
            .WithQuery(QueryParameters.AllocationFilters);
        regulator.MapGet("/export", Export)
            .WithName("exportLedger").WithSummary("Export the ledger")
            .WithDescription("The rows of the query, all of them, streamed as CSV (a header row of the allocation fields in the contract's order) or JSON Lines; memory stays flat whatever the size.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithExamples(null, "allocationId,marketId,model,...\nchat-70b.20261128T1400.a1,chat-70b.20261128T1400,chat-70b,...\n", "text/csv")
            .AlsoAnswers("application/jsonl", "{\"allocationId\":\"chat-70b.20261128T1400.a1\",\"marketId\":\"chat-70b.20261128T1400\",...}\n")
            .WithQuery([new QueryParameter("format", "csv (a header row, then one row per allocation) or jsonl (one JSON object per line).", Required: true, Choices: ["csv", "jsonl"])],
                QueryParameters.AllocationFilters);
        regulator.MapGet("/public-key", PublicKey)
            .WithName("getSigningKey").WithSummary("The exchange's checkpoint-signing key")
            .WithDescription("The public key (PEM, SubjectPublicKeyInfo) that signs ledger checkpoints, its id, the algorithm (ECDSA P-256, SHA-256, signature r‖s) and the exact message a signature covers.")
            .Produces<PublicKeyResponse>().WithExamples(null, ResponseExamples.PublicKey);
        regulator.MapGet("/checkpoints", Checkpoints)
            .WithName("listCheckpoints").WithSummary("Signed checkpoints of the ledger")
            .WithDescription("At a configured interval (Regulator:CheckpointSeconds) the exchange signs each market's chain head: the number of allocations and the last one's hash. Keep them: GET /verify with marketId, sequence and hash later proves the chain still passes through a kept head, even if every hash after an edit was recomputed.")
            .Produces<Page<CheckpointResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.Checkpoints)
            .WithQuery(QueryParameters.Paging);
        regulator.MapGet("/verify", Verify)
            .WithName("verifyLedger").WithSummary("Verify the hash chains")
            .WithDescription("Recomputes every market's allocation hash chain (one market's with marketId): sequences dense from 1, each prevHash the hash before it, each hash SHA-256 over prevHash and the allocation's canonical bytes, and the chain passing through every signed checkpoint, and through a kept one given as marketId, sequence and hash. Names the first broken allocation. Without marketId the ledger's transfers are verified too (transfers): positions dense from 1, each prevHash the hash before it, each hash SHA-256 over prevHash and the transfer's canonical bytes; ok holds only when both chains do.")
            .Produces<VerifyResponse>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.Verify);
    }

    private static async Task<IResult> List(HttpContext context, [FromKeyedServices(RegulatorReads.Key)] AllocationQueries queries, [FromKeyedServices(RegulatorReads.Key)] LedgerHorizon horizon, IOptions<ApiOptions> options)
    {
        var (filter, problem) = AllocationFilters.Read(context.Request.Query);
        if (problem is not null)
        {
            return problem;
        }

        var (settled, clamped) = await SettledAsync(filter!, horizon, context);
        return await AllocationEndpoints.PageAsync(context, queries, options.Value, settled, moreMayArrive: clamped);
    }

    // Regulators read only the settled part of the ledger, where no allocation can still appear behind a page they were
    // served; pages, summaries and exports therefore agree whenever they are asked. Clamped: the range asked for reaches
    // past the horizon, so more rows may still arrive in it.
    private static async Task<(AllocationFilter Filter, bool Clamped)> SettledAsync(AllocationFilter filter, LedgerHorizon horizon, HttpContext context)
    {
        var settledBefore = await horizon.ReadAsync(context.RequestAborted);
        return (filter.Before(settledBefore), filter.To is null || filter.To > settledBefore);
    }

    private static async Task<IResult> Lifecycle(
        string orderId, [FromKeyedServices(RegulatorReads.Key)] OrderLifecycles lifecycles, [FromKeyedServices(RegulatorReads.Key)] LineageQueries lineages,
        CancellationToken cancellationToken)
    {
        var events = orderId.Length <= 160 ? await lifecycles.ReadAsync(orderId, cancellationToken) : null;
        if (events is null)
        {
            return Problem.NotFound("order");
        }

        // The journal tells the order's own life; failover's replacements of its fills come after it, from the ledger.
        var fills = events.Where(e => e.AllocationId is not null).Select(e => e.AllocationId!).ToArray();
        var replaced = fills.Length == 0 ? [] : await lineages.ChildrenAsync(fills, cancellationToken);
        return Results.Ok(new LifecycleResponse(orderId, [
            .. events.Select(e => new LifecycleEventResponse(e.Type, e.At, e.Sequence, e.Quantity, e.PriceMicros is { } price ? ApiFormat.Price(price) : null, e.AllocationId)),
            .. replaced.OrderBy(c => c.MatchedAt).Select(c => new LifecycleEventResponse(
                "reallocated", c.MatchedAt, c.JournalSequence, c.Quantity, ApiFormat.Price(c.PriceMicros), c.AllocationId)),
        ]));
    }

    private static async Task<IResult> Lineage(string allocationId, [FromKeyedServices(RegulatorReads.Key)] LineageQueries lineages, CancellationToken cancellationToken)
    {
        var tree = allocationId.Length <= 160 ? await lineages.ReadAsync(allocationId, cancellationToken) : null;
        return tree is null
            ? Problem.NotFound("allocation")
            : Results.Ok(new LineageResponse(tree[0].Allocation.AllocationId, [.. tree.Select(n => new LineageAllocationResponse(
                AllocationResponse.From(n.Allocation), n.Allocation.ParentAllocationId, n.Allocation.ParentAllocationId is null ? "trade" : "failover",
                ApiFormat.Usd(n.Cover), ApiFormat.Usd(n.Penalty)))]));
    }

    private static async Task<IResult> Summary(HttpContext context, [FromKeyedServices(RegulatorReads.Key)] LedgerSummary summary, [FromKeyedServices(RegulatorReads.Key)] LedgerHorizon horizon, string? groupBy)
    {
        var (filter, problem) = AllocationFilters.Read(context.Request.Query);
        if (problem is not null)
        {
            return problem;
        }

        var dimensions = (groupBy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dimensions.FirstOrDefault(d => !LedgerSummary.Dimensions.ContainsKey(d)) is { } unknown || dimensions.Distinct().Count() != dimensions.Length)
        {
            return Problem.Invalid("groupBy", $"Must list distinct dimensions among: {string.Join(", ", LedgerSummary.Dimensions.Keys)}.");
        }

        var rows = await summary.SummarizeAsync((await SettledAsync(filter!, horizon, context)).Filter, dimensions, context.RequestAborted);
        return Results.Ok(new SummaryResponse(
            [.. rows.Select(r => new Dictionary<string, object>(r.Keys.Select(k => KeyValuePair.Create(k.Key, (object)k.Value)), StringComparer.Ordinal)
            {
                ["allocations"] = r.Allocations,
                ["quantity"] = r.Quantity,
                ["notional"] = ApiFormat.Usd(r.Notional),
            })]));
    }

    private static async Task<IResult> Export(
        HttpContext context, [FromKeyedServices(RegulatorReads.Key)] AllocationQueries queries, [FromKeyedServices(RegulatorReads.Key)] LedgerHorizon horizon, IOptions<JsonOptions> json, string? format)
    {
        var (filter, problem) = AllocationFilters.Read(context.Request.Query);
        if (problem is not null)
        {
            return problem;
        }

        if (format is not ("csv" or "jsonl"))
        {
            return Problem.Invalid("format", "Must be csv or jsonl.");
        }

        // The query runs, and its first row is read, before anything is written: an export that cannot get a connection is
        // then answered 503, not a 200 with a header row and nothing after it.
        var settled = (await SettledAsync(filter!, horizon, context)).Filter;
        await using var rows = queries.StreamAsync(settled, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        var any = await rows.MoveNextAsync();

        var response = context.Response;
        response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"allocations.{format}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024);
        if (format == "csv")
        {
            await writer.WriteLineAsync(string.Join(',', ExportColumns));
        }

        for (var written = 1; any; written++, any = await rows.MoveNextAsync())
        {
            var row = AllocationResponse.From(rows.Current);
            await writer.WriteLineAsync(format == "csv" ? Csv(row) : JsonSerializer.Serialize(row, json.Value.SerializerOptions));
            if (written % 10_000 == 0)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        await writer.FlushAsync(context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> Verify(
        [FromKeyedServices(RegulatorReads.Key)] ChainVerifier verifier, [FromKeyedServices(RegulatorReads.Key)] TransferChainVerifier transfers,
        string? marketId, string? sequence, string? hash, CancellationToken cancellationToken)
    {
        if (Paging.BadMarketId(marketId) is { } badMarket)
        {
            return badMarket;
        }

        // The signed checkpoints are joined in by the verifier; the one the regulator kept, if given, is checked too.
        KeptHead? kept = null;
        if (sequence is not null || hash is not null)
        {
            if (marketId is null || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var keptSequence) || keptSequence <= 0)
            {
                return Problem.Invalid("sequence", "A kept checkpoint needs marketId, a positive sequence and its 64-hex-digit hash.");
            }

            if (hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigit))
            {
                return Problem.Invalid("hash", "Must be the checkpoint's head hash: 64 hex digits.");
            }

            kept = new KeptHead(keptSequence, Convert.FromHexString(hash));
        }

        var result = await verifier.VerifyAsync(marketId, kept, cancellationToken);
        var money = marketId is null ? await transfers.VerifyAsync(cancellationToken) : null;
        return Results.Ok(new VerifyResponse(result.Ok && money?.Ok != false, result.Checked, result.MarketId, result.Sequence, result.Problem,
            money is null ? null : new TransferVerifyResponse(money.Ok, money.Checked, money.Position, money.TransferId, money.Problem)));
    }

    private static async Task<IResult> PublicKey(LedgerSigner signer, CancellationToken cancellationToken)
    {
        var (keyId, pem) = await signer.PublicKeyAsync(cancellationToken);
        return Results.Ok(new PublicKeyResponse(keyId, LedgerSigner.Algorithm, pem,
            "UTF-8 of: token-outbound-exchange checkpoint v1\\n{marketId}\\n{sequence}\\n{headHash, lower-case hex}\\n{signedAt, Unix milliseconds}"));
    }

    private static async Task<IResult> Checkpoints(
        HttpContext context, [FromKeyedServices(RegulatorReads.Key)] CheckpointStore checkpoints, IOptions<ApiOptions> options, string? marketId, string? cursor, string? limit)
    {
        var (size, bad) = Paging.Limit(limit, options.Value);
        if (bad is not null)
        {
            return bad;
        }

        (string, long)? after = null;
        if (cursor is not null)
        {
            if (ApiFormat.CursorParts(cursor, 2) is not [var market, var sequence] || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return Paging.BadCursor();
            }

            after = (market, seq);
        }

        var rows = await checkpoints.ReadAsync(marketId, after, size, context.RequestAborted);
        var next = rows.Count == size ? ApiFormat.Cursor(rows[^1].MarketId, rows[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : null;
        return Results.Ok(new Page<CheckpointResponse>(
            [.. rows.Select(c => new CheckpointResponse(c.MarketId, c.Sequence, ApiFormat.Hex(c.HeadHash), c.SignedAt, c.KeyId, Convert.ToBase64String(c.Signature)))], next));
    }

    private static string Csv(AllocationResponse a) => string.Join(',',
        Field(a.AllocationId), Field(a.MarketId), Field(a.Model), Time(a.PeriodStart), Time(a.PeriodEnd), Field(a.BuyerId), Field(a.BuyerJurisdiction),
        Field(a.BuyOrderId), Field(a.ProviderId), Field(a.ClusterId), Field(a.Region), Field(a.SellOrderId),
        a.Quantity.ToString(CultureInfo.InvariantCulture), a.Price, a.Notional, Time(a.MatchedAt), a.Sequence.ToString(CultureInfo.InvariantCulture), a.Hash, a.PrevHash,
        Field(a.ParentAllocationId ?? ""));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    // RFC 4180: quote a field that holds a comma, a quote or a line break; ids are printable, so this is rare.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
