using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Exchange.Contracts.Tenants;
using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Settlement;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>The ledger: operators' deposits and payouts, tenants' balances and statements, and the transfers themselves.</summary>
public static class LedgerEndpoints
{
    private const decimal MaxAmount = 1_000_000_000_000m;

    public static void MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        var tenants = app.MapGroup("/v1/tenants").WithTags("Operator").RequireRoles(ApiRole.Operator);
        tenants.MapPost("/{id}/deposits", Deposit)
            .WithName("deposit").WithSummary("Deposit money for a tenant")
            .WithDescription("Moves amount (USD, at most 6 decimals) from the tenant's outside account into its cash, raising what a buyer may commit beyond its credit limit. The Idempotency-Key header is required: a retry with it finds the transfer (200) instead of depositing twice.")
            .Accepts<MoneyRequest>("application/json")
            .Produces<TransferResponse>(StatusCodes.Status201Created).Produces<TransferResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(MoneyRequest.Example, ResponseExamples.Deposit).WithIdempotencyKey();
        tenants.MapPost("/{id}/payouts", Payout)
            .WithName("payout").WithSummary("Pay a provider's proceeds out")
            .WithDescription("Moves amount (USD, at most 6 decimals) from the tenant's payable (settled proceeds not yet paid) to its outside account. More than the payable holds is 422 insufficient-funds (a buyer has no payable). The Idempotency-Key header is required: a retry finds the transfer (200).")
            .Accepts<MoneyRequest>("application/json")
            .Produces<TransferResponse>(StatusCodes.Status201Created).Produces<TransferResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(MoneyRequest.Example, ResponseExamples.Payout).WithIdempotencyKey();

        app.MapGet("/v1/balances", Balances).WithTags("Settlement").RequireRoles(ApiRole.Buyer, ApiRole.Provider)
            .WithName("getBalances").WithSummary("The caller's balances")
            .WithDescription("USD: cash (deposits, refunds and credits less funded fills; a buyer's goes down to minus its credit limit), held by open buys, in the escrow of its allocations not yet settled, payable (a provider's proceeds not yet paid out), the credit limit, and available: what a buyer may still commit (credit limit plus net deposits, less held and spent).")
            .Produces<BalancesResponse>().WithExamples(null, ResponseExamples.Balances);
        app.MapGet("/v1/statements", StatementOf).WithTags("Settlement").RequireRoles(ApiRole.Buyer, ApiRole.Provider)
            .WithName("getStatement").WithSummary("The caller's monthly statement")
            .WithDescription("Every transfer into or out of the caller's money (cash and payable) in the UTC month, oldest first, each signed from the caller's side with the balance after it; opening + the lines = closing, and totals per kind. format=csv answers text/csv with an opening row, one row per transfer and a closing row.")
            .Produces<StatementResponse>().Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithExamples(null, ResponseExamples.Statement)
            .WithQuery(QueryParameters.Statement);
        app.MapGet("/v1/ledger/transfers", Transfers).WithTags("Settlement").RequireRoles(ApiRole.Operator, ApiRole.Regulator)
            .WithName("listTransfers").WithSummary("List ledger transfers")
            .WithDescription("The ledger's transfers in chain order (position); from/to bound the transfer's time as [from, to); tenantId selects those touching any account the tenant holds; allocationId and kind (deposit, escrow, charge, fee, slo-credit, refund, payout) narrow further.")
            .Produces<Page<TransferResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.TransferPage)
            .WithQuery(QueryParameters.TransferFilters, QueryParameters.Paging);
    }

    private static Task<IResult> Deposit(string id, HttpContext context, IGrainFactory grains, LedgerStore ledger, TimeProvider clock) =>
        MoveAsync(id, context, grains, ledger, clock, TransferKind.Deposit, t => (LedgerAccount.External(t), LedgerAccount.Cash(t)));

    private static Task<IResult> Payout(string id, HttpContext context, IGrainFactory grains, LedgerStore ledger, TimeProvider clock) =>
        MoveAsync(id, context, grains, ledger, clock, TransferKind.Payout, t => (LedgerAccount.Payable(t), LedgerAccount.External(t)));

    private static async Task<IResult> MoveAsync(
        string id, HttpContext context, IGrainFactory grains, LedgerStore ledger, TimeProvider clock, TransferKind kind,
        Func<string, (LedgerAccount From, LedgerAccount To)> accounts)
    {
        var (body, raw, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var amount = fields.DecimalString("amount", true, 6, 0.000001m, MaxAmount);
        var reference = fields.String("reference", true, 200);
        fields.RejectUnknown();
        var key = context.Request.Headers[Idempotency.Header].ToString();
        if (key.Length == 0)
        {
            fields.Fail(Idempotency.Header, "Is required: money moves once per key, however often the request is sent.");
        }

        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        if (!Ids.Resource().IsMatch(id) || await grains.GetGrain<ITenantGrain>(id).Get() is null)
        {
            return Problem.NotFound("tenant");
        }

        // The tenant is part of the request (it is in the path, not the body), so a key reused for another tenant is 409.
        var operation = kind == TransferKind.Deposit ? "deposit" : "payout";
        if (await Idempotency.CheckAsync(context, $"{operation}:{id}", raw, async transferId =>
                await ledger.FindAsync(transferId, context.RequestAborted) is { } earlier ? Results.Ok(TransferResponse.From(earlier)) : Problem.NotFound("transfer"))
            is { } answered)
        {
            return answered;
        }

        var (from, to) = accounts(id);
        var transfer = new Transfer(TransferId(context.Caller().TenantId, id, operation, key), kind, from, to, amount!.Value, null);
        var move = await ledger.MoveAsync(transfer, reference, clock.GetUtcNow(), context.RequestAborted);
        switch (move.Outcome)
        {
            case TransferOutcome.BelowFloor:
                return Problem.Rejected(RejectCode.InsufficientFunds, $"The {from} account holds less than {ApiFormat.Usd(amount.Value)} USD.");
            case TransferOutcome.Conflict:
                return Problem.Rejected(RejectCode.IdempotencyKeyReused, "This Idempotency-Key was used for a different request.");
            case TransferOutcome.Applied or TransferOutcome.Repeated:
                break;
            default:
                throw new InvalidOperationException($"A {operation} of {amount} came to {move.Outcome}.");
        }

        await Idempotency.RecordAsync(context, $"{operation}:{id}", raw, transfer.TransferId);
        await grains.GetGrain<ITenantGrain>(id).RefreshDeposits();
        var response = TransferResponse.From(move.Transfer!);
        return move.Outcome == TransferOutcome.Applied
            ? Results.Created($"/v1/ledger/transfers?tenantId={id}&kind={operation}", response)
            : Results.Ok(response);
    }

    /// <summary>
    /// A deposit's or payout's id follows from who asked, for whom, and the caller's key, so a retry whose idempotency
    /// record was never written (the silo died after the ledger's commit) still finds its transfer.
    /// </summary>
    private static string TransferId(string caller, string tenant, string operation, string key)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{caller}\n{tenant}\n{operation}\n{key}"));
        return $"{tenant}.{operation}.{Convert.ToHexStringLower(digest.AsSpan(0, 16))}";
    }

    private static async Task<IResult> Balances(HttpContext context, IGrainFactory grains, LedgerStore ledger)
    {
        var caller = context.Caller();
        var view = await grains.GetGrain<ITenantGrain>(caller.TenantId).Get();
        if (view is null)
        {
            return Problem.NotFound("tenant");
        }

        var balances = await ledger.BalancesAsync(caller.TenantId, context.RequestAborted);
        decimal Of(AccountKind kind) => balances.GetValueOrDefault(kind);
        var available = view.Profile.Kind == TenantKind.Buyer ? view.Usage.Available(view.Quota) : 0m;
        return Results.Ok(new BalancesResponse("USD", ApiFormat.Usd(Of(AccountKind.Cash)), ApiFormat.Usd(view.Usage.Reserved),
            ApiFormat.Usd(Of(AccountKind.Escrow)), ApiFormat.Usd(Of(AccountKind.Payable)), ApiFormat.Usd(view.Quota.CreditLimit), ApiFormat.Usd(available)));
    }

    private static async Task<IResult> StatementOf(HttpContext context, TransferQueries transfers)
    {
        var query = context.Request.Query;
        var month = query["month"].ToString();
        if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start)
            || start.Year is < 2000 or > 9998)
        {
            return Problem.Invalid("month", "Is required: a UTC month from 2000-01 to 9998-12, such as 2026-12.");
        }

        var format = query["format"].ToString();
        if (format is not ("" or "json" or "csv"))
        {
            return Problem.Invalid("format", "Must be json or csv.");
        }

        var from = new DateTimeOffset(start, TimeSpan.Zero);
        var tenant = context.Caller().TenantId;
        var statement = await transfers.StatementAsync(tenant, from, from.AddMonths(1), context.RequestAborted);
        return format == "csv"
            ? Results.Text(StatementCsv.Write(statement), "text/csv; charset=utf-8")
            : Results.Ok(new StatementResponse(tenant, month, "USD", ApiFormat.Usd(statement.Opening), ApiFormat.Usd(statement.Closing),
                statement.Lines.GroupBy(l => LedgerFormat.Kind(l.Transfer.Transfer.Kind)).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => ApiFormat.Usd(g.Sum(l => l.Amount)), StringComparer.Ordinal),
                [.. statement.Lines.Select(StatementCsv.Line)]));
    }

    private static async Task<IResult> Transfers(HttpContext context, TransferQueries transfers, IOptions<ApiOptions> options)
    {
        var query = context.Request.Query;
        var (size, bad) = Paging.Limit(query["limit"], options.Value);
        var (from, badFrom) = Paging.Time("from", query["from"]);
        var (to, badTo) = Paging.Time("to", query["to"]);
        if ((bad ?? badFrom ?? badTo) is { } problem)
        {
            return problem;
        }

        TransferKind? kind = null;
        if (query["kind"].ToString() is { Length: > 0 } kindText)
        {
            if (!LedgerFormat.Kinds.TryGetValue(kindText, out var parsed))
            {
                return Problem.Invalid("kind", $"Must be one of {string.Join(", ", LedgerFormat.Kinds.Keys)}.");
            }

            kind = parsed;
        }

        long after = 0;
        if (query["cursor"].ToString() is { Length: > 0 } cursor
            && (ApiFormat.CursorParts(cursor, 1) is not [var position] || !long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return Paging.BadCursor();
        }

        var tenant = Paging.Id(query, "tenantId", out var badTenant);
        var allocation = Paging.Id(query, "allocationId", out var badAllocation);
        if ((badTenant ?? badAllocation) is { } badId)
        {
            return badId;
        }

        var filter = new TransferFilter { From = from, To = to, Kind = kind, TenantId = tenant, AllocationId = allocation };
        var rows = await transfers.ReadAsync(filter, after, size, context.RequestAborted);
        var next = rows.Count == size ? ApiFormat.Cursor(rows[^1].Position.ToString(CultureInfo.InvariantCulture)) : null;
        return Results.Ok(new Page<TransferResponse>([.. rows.Select(TransferResponse.From)], next));
    }
}
