using Exchange.Contracts.Tenants;
using Exchange.Markets;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Access;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Operator endpoints: tenants, their quotas and their API keys.</summary>
public static class TenantEndpoints
{
    // The operator is the exchange itself, not a tenant one creates.
    private static readonly IReadOnlyDictionary<string, TenantKind> Kinds = ApiFormat.Names(ApiFormat.TenantKind, TenantKind.Operator);

    private static readonly IReadOnlyDictionary<string, TenantStatus> Statuses = ApiFormat.Names<TenantStatus>(ApiFormat.TenantStatus);

    public static void MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/me", Me).WithTags("Market data").RequireRoles(ApiRole.Provider, ApiRole.Buyer, ApiRole.Regulator)
            .WithName("getMe").WithSummary("Read own tenant")
            .WithDescription("The caller's tenant with its quota and current usage: USD reserved by open buys, USD spent on fills, open orders.")
            .Produces<TenantResponse>().WithExamples(null, ResponseExamples.Tenant);
        var tenants = app.MapGroup("/v1/tenants").WithTags("Operator").RequireRoles(ApiRole.Operator);
        tenants.MapPost("", Create)
            .WithName("createTenant").WithSummary("Create a tenant")
            .WithDescription("Creates a provider, buyer or regulator with the default quota from silo-config/. Idempotent by id (the same body again answers 200) and by the Idempotency-Key header.")
            .Accepts<CreateTenantRequest>("application/json")
            .Produces<TenantResponse>(StatusCodes.Status201Created).Produces<TenantResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(CreateTenantRequest.Example, ResponseExamples.Tenant).WithIdempotencyKey();
        tenants.MapGet("/{id}", Get)
            .WithName("getTenant").WithSummary("Read a tenant")
            .WithDescription("The tenant with its quota and current usage: USD reserved by open buys, USD spent on fills, open orders.")
            .Produces<TenantResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Tenant);
        tenants.MapPut("/{id}/quota", SetQuota)
            .WithName("setTenantQuota").WithSummary("Set a tenant's quota")
            .WithDescription("Replaces the quota. Credit and token caps bind buy orders; open-order and rate limits bind both sides. A suspended tenant cannot place orders.")
            .Accepts<QuotaRequest>("application/json")
            .Produces<QuotaResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(QuotaRequest.Example, ResponseExamples.Quota);
        tenants.MapPost("/{id}/keys", CreateKey)
            .WithName("createApiKey").WithSummary("Create an API key")
            .WithDescription("A new random key for the tenant, with the tenant's role. The key is shown only in this answer; the exchange stores a hash. Every call makes a new key.")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.CreatedKey);
        tenants.MapGet("/{id}/keys", ListKeys)
            .WithName("listApiKeys").WithSummary("List a tenant's API keys")
            .WithDescription("Key ids, roles, creation and revocation times; never the keys themselves.")
            .Produces<ItemList<KeyResponse>>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Keys);
        tenants.MapDelete("/{id}/keys/{keyId}", RevokeKey)
            .WithName("revokeApiKey").WithSummary("Revoke an API key")
            .WithDescription("The key stops working at once on this silo and within Api:KeyCacheSeconds on the others. Revoking twice keeps the first time.")
            .Produces<KeyResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Key);
    }

    private static async Task<IResult> Create(HttpContext context, IGrainFactory grains)
    {
        var (body, raw, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var id = fields.String("id", true, 64, Ids.Resource(), Ids.ResourceHint);
        var kind = fields.Choice("kind", true, Kinds);
        var name = fields.String("name", true, 200);
        var jurisdiction = fields.String("jurisdiction", true, 2);
        if (jurisdiction is not null && !Ids.IsCountry(jurisdiction))
        {
            fields.Fail("jurisdiction", "Must be an ISO 3166-1 alpha-2 country code such as DE or US.");
        }

        if (id == ApiKeyAuthenticator.OperatorTenantId)
        {
            fields.Fail("id", "Is reserved for the exchange's operator.");
        }

        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        const string Operation = "create-tenant";
        if (await Idempotency.CheckAsync(context, Operation, raw, async earlier => await Current(grains, earlier)) is { } answered)
        {
            return answered;
        }

        var profile = new TenantProfile(id!, kind!.Value, name!, jurisdiction!);
        var creation = await grains.GetGrain<ITenantGrain>(profile.Id).Create(profile);
        if (creation.Value is not { } view)
        {
            return Problem.Rejected(RejectCode.AlreadyExists, $"Tenant '{id}' exists with other details.");
        }

        await Idempotency.RecordAsync(context, Operation, raw, id!);
        return creation.Created
            ? Results.Created($"/v1/tenants/{id}", TenantResponse.From(view))
            : Results.Ok(TenantResponse.From(view));
    }

    private static async Task<IResult> Current(IGrainFactory grains, string id) =>
        await grains.GetGrain<ITenantGrain>(id).Get() is { } view ? Results.Ok(TenantResponse.From(view)) : Problem.NotFound("tenant");

    private static Task<IResult> Me(HttpContext context, IGrainFactory grains) => Current(grains, context.Caller().TenantId);

    private static async Task<IResult> Get(string id, IGrainFactory grains) =>
        Ids.Resource().IsMatch(id) ? await Current(grains, id) : Problem.NotFound("tenant");

    private static async Task<IResult> SetQuota(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var credit = fields.DecimalString("creditLimit", true, 6, 0m, 1_000_000_000_000m);
        var tokens = fields.Integer("maxTokensPerPeriod", true, 0, 1_000_000_000_000_000);
        var open = fields.Integer("maxOpenOrders", true, 0, 1_000_000);
        var rate = fields.Integer("ordersPerSecond", true, 1, 1_000_000);
        var status = fields.Choice("status", true, Statuses);
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        if (!Ids.Resource().IsMatch(id))
        {
            return Problem.NotFound("tenant");
        }

        var view = await grains.GetGrain<ITenantGrain>(id).SetQuota(
            new TenantQuota(credit!.Value, tokens!.Value, (int)open!.Value, (int)rate!.Value, status!.Value));
        return view is null ? Problem.NotFound("tenant") : Results.Ok(QuotaResponse.From(view.Quota));
    }

    private static async Task<IResult> CreateKey(string id, IGrainFactory grains, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (!Ids.Resource().IsMatch(id) || await grains.GetGrain<ITenantGrain>(id).Get() is not { } view)
        {
            return Problem.NotFound("tenant");
        }

        var (keyId, key) = ApiKeys.Generate();
        var row = await keys.CreateAsync(keyId, id, ApiFormat.TenantKind(view.Profile.Kind), ApiKeys.Hash(key), cancellationToken);
        return Results.Created($"/v1/tenants/{id}/keys/{keyId}", new CreatedKeyResponse(key, keyId, id, row.Role, row.CreatedAt));
    }

    private static async Task<IResult> ListKeys(string id, IGrainFactory grains, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (!Ids.Resource().IsMatch(id) || await grains.GetGrain<ITenantGrain>(id).Get() is null)
        {
            return Problem.NotFound("tenant");
        }

        var rows = await keys.ListAsync(id, cancellationToken);
        return Results.Ok(new ItemList<KeyResponse>([.. rows.Select(ToResponse)]));
    }

    private static async Task<IResult> RevokeKey(string id, string keyId, ApiKeyStore keys, ApiKeyAuthenticator authenticator, CancellationToken cancellationToken)
    {
        if (!Ids.Resource().IsMatch(id) || keyId.Length > 64 || await keys.RevokeAsync(id, keyId, cancellationToken) is not { } row)
        {
            return Problem.NotFound("key");
        }

        authenticator.Forget(keyId);
        return Results.Ok(ToResponse(row));
    }

    private static KeyResponse ToResponse(ApiKeyRow row) => new(row.KeyId, row.TenantId, row.Role, row.CreatedAt, row.RevokedAt);
}
