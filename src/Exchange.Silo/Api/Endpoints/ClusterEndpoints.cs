using Exchange.Contracts.Clusters;
using Exchange.Contracts.Tenants;
using Exchange.Grains.Catalog;
using Exchange.Markets;
using Exchange.Markets.Clusters;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Provider endpoints: GPU clusters, their capacity, heartbeats and health.</summary>
public static class ClusterEndpoints
{
    private const int MaxReason = 500;

    public static void MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        var clusters = app.MapGroup("/v1/clusters").WithTags("Provider").RequireRoles(ApiRole.Provider);
        clusters.MapPost("", Register)
            .WithName("registerCluster").WithSummary("Register a GPU cluster")
            .WithDescription("The cluster is online from registration. Its capacity per delivery period is tokens/s × period seconds per model. Idempotent by clusterId (the same body again answers 200) and by the Idempotency-Key header; a cluster id another provider holds is 409 cluster-id-taken.")
            .Accepts<RegisterClusterRequest>("application/json")
            .Produces<ClusterResponse>(StatusCodes.Status201Created).Produces<ClusterResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(RegisterClusterRequest.Example, ResponseExamples.Cluster).WithIdempotencyKey();
        clusters.MapGet("", List)
            .WithName("listClusters").WithSummary("List own clusters")
            .WithDescription("Own clusters in registration order, each with status and per-period capacity, offered and allocated tokens.")
            .Produces<Page<ClusterResponse>>().ProducesProblem(StatusCodes.Status400BadRequest).WithExamples(null, ResponseExamples.ClusterPage)
            .WithQuery(QueryParameters.Paging);
        clusters.MapGet("/{id}", Get)
            .WithName("getCluster").WithSummary("Read an own cluster")
            .WithDescription("Status, last heartbeat and, per delivery period and model, capacity, offered and allocated tokens. Another provider's cluster is 404.")
            .Produces<ClusterResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(null, ResponseExamples.Cluster);
        clusters.MapPost("/{id}/heartbeat", Heartbeat)
            .WithName("sendHeartbeat").WithSummary("Send a heartbeat")
            .WithDescription("A sign of life: healthy=true keeps the cluster online or brings a suspect or offline one back; healthy=false takes it offline at once (the provider's own choice) and cancels its open asks. Without a heartbeat or a reading for Clusters:SuspectAfterSeconds (60) the cluster is suspect (asks cancelled, no new ones), and if it stays silent Clusters:FailAfterSeconds (300) after that, it has failed. A failed cluster takes no heartbeat: 422 cluster-failed. Every change of status is journaled and shown in health.")
            .Accepts<HeartbeatRequest>("application/json")
            .Produces<ClusterResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithExamples(HeartbeatRequest.Example, ResponseExamples.Cluster);
        app.MapPost("/v1/clusters/{id}/fail", Fail).WithTags("Provider").RequireRoles(ApiRole.Provider, ApiRole.Operator)
            .WithName("failCluster").WithSummary("Declare a cluster failed")
            .WithDescription("By its provider (own clusters only; another's is 404) or an operator (any cluster). The cluster's asks are cancelled, it takes no offer, heartbeat or reading any more, and its meter is fenced at its last accepted reading: later batches are refused 422 cluster-failed and kept as evidence. Failed is final: the repaired machines are registered as a new cluster. Declaring a failed cluster failed again answers 200 with it unchanged (the first reason stays).")
            .Accepts<FailClusterRequest>("application/json")
            .Produces<ClusterResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(FailClusterRequest.Example, ResponseExamples.FailedCluster);
    }

    private static async Task<IResult> Register(HttpContext context, IGrainFactory grains, IOptions<CatalogOptions> catalog)
    {
        var (body, raw, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var provider = context.Caller().TenantId;
        var fields = BodyFields.Of(document, new FieldErrors());
        var clusterId = fields.String("clusterId", true, 64, Ids.Resource(), Ids.ResourceHint);
        var region = fields.OneOf("region", true, [.. catalog.Value.Regions.Select(r => r.Id)]);
        var accelerator = fields.String("accelerator", true, 64, Ids.Printable(), Ids.PrintableHint);
        var gpus = fields.Integer("gpuCount", true, 1, 1_000_000);
        var tier = fields.Integer("tier", true, 1, 3);
        var models = new List<ModelThroughput>();
        string[] modelIds = [.. catalog.Value.Models.Select(m => m.Id)];
        foreach (var item in fields.Objects("models", true, 64) ?? [])
        {
            var model = item.OneOf("model", true, modelIds);
            var tokens = item.Integer("tokensPerSecond", true, 1, 1_000_000_000);
            item.RejectUnknown();
            if (model is not null && models.Any(m => m.Model == model))
            {
                item.Fail("model", "Appears twice.");
            }
            else if (model is not null && tokens is not null)
            {
                models.Add(new ModelThroughput(model, tokens.Value));
            }
        }

        var policies = fields.StringSet("dataPolicies", false, catalog.Value.DataPolicies) ?? [];
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        const string Operation = "register-cluster";
        if (await Idempotency.CheckAsync(context, Operation, raw, async earlier => await Current(grains, provider, earlier)) is { } answered)
        {
            return answered;
        }

        var registration = new ClusterRegistration(clusterId!, provider, region!, accelerator!, (int)gpus!.Value, (int)tier!.Value, models, policies);
        var cluster = grains.GetGrain<IClusterGrain>(registration.ClusterId);
        var existing = await cluster.Get();
        if (existing is not null && existing.Registration.ProviderId != provider)
        {
            return ClusterIdTaken(registration.ClusterId);
        }

        var creation = await cluster.Register(registration);
        if (creation.Value is not { } view)
        {
            return (await cluster.Get())?.Registration.ProviderId == provider
                ? Problem.Rejected(RejectCode.AlreadyExists, $"Cluster '{registration.ClusterId}' is registered with other details.")
                : ClusterIdTaken(registration.ClusterId);
        }

        await Idempotency.RecordAsync(context, Operation, raw, registration.ClusterId);
        return creation.Created
            ? Results.Created($"/v1/clusters/{registration.ClusterId}", ClusterResponse.From(view))
            : Results.Ok(ClusterResponse.From(view));
    }

    // Cluster ids are one namespace for all providers (the contract says so): that one is taken is no secret.
    private static IResult ClusterIdTaken(string clusterId) => Problem.Rejected(RejectCode.ClusterIdTaken, $"Cluster id '{clusterId}' is taken.");

    private static async Task<IResult> Current(IGrainFactory grains, string provider, string clusterId) =>
        await OwnClusters.FindAsync(grains, clusterId, provider) is { } own ? Results.Ok(ClusterResponse.From(own.View)) : Problem.NotFound("cluster");

    private static async Task<IResult> List(HttpContext context, IGrainFactory grains, string? cursor, string? limit, IOptions<ApiOptions> options)
    {
        var (size, bad) = Paging.Limit(limit, options.Value);
        if (bad is not null)
        {
            return bad;
        }

        var start = 0;
        if (cursor is not null && (ApiFormat.CursorParts(cursor, 1) is not [var position] || !int.TryParse(position, out start) || start < 0))
        {
            return Paging.BadCursor();
        }

        var ids = await grains.GetGrain<ITenantGrain>(context.Caller().TenantId).GetClusters();
        var page = ids.Skip(start).Take(size).ToArray();
        var views = await Task.WhenAll(page.Select(id => grains.GetGrain<IClusterGrain>(id).Get()));
        var next = start + page.Length < ids.Count ? ApiFormat.Cursor((start + page.Length).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return Results.Ok(new Page<ClusterResponse>([.. views.OfType<ClusterView>().Select(ClusterResponse.From)], next));
    }

    private static async Task<IResult> Get(string id, HttpContext context, IGrainFactory grains) =>
        await Current(grains, context.Caller().TenantId, id);

    private static async Task<IResult> Heartbeat(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var healthy = fields.Boolean("healthy", true);
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        // Another provider's cluster is answered as if it did not exist: a 403 would tell that it does.
        if (await OwnClusters.FindAsync(grains, id, context.Caller().TenantId) is not { } own)
        {
            return Problem.NotFound("cluster");
        }

        // A failed cluster's grain takes no heartbeat and answers as it stands.
        var view = await own.Grain.Heartbeat(healthy!.Value);
        return view is null || !ClusterHealth.Accepts(view.Status)
            ? Problem.Rejected(RejectCode.ClusterFailed, $"Cluster '{id}' has failed and takes no heartbeat; register the repaired machines as a new cluster.")
            : Results.Ok(ClusterResponse.From(view));
    }

    private static async Task<IResult> Fail(string id, HttpContext context, IGrainFactory grains)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var reason = fields.String("reason", true, MaxReason);
        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        // A provider declares its own clusters only (another's is not found); an operator any cluster.
        var caller = context.Caller();
        return await OwnClusters.FindAsync(grains, id, caller.Role == ApiRole.Operator ? null : caller.TenantId) is { } found
            && await found.Grain.Fail(caller.TenantId, reason!) is { } view
            ? Results.Ok(ClusterResponse.From(view))
            : Problem.NotFound("cluster");
    }
}
