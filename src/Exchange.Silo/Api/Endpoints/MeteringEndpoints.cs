using Exchange.Markets.Settlement;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Metering;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Metering: a provider's clusters sign what they deliver with keys registered here.</summary>
public static class MeteringEndpoints
{
    private const int MaxKeyLength = 4_096;

    public static void MapMeteringEndpoints(this IEndpointRouteBuilder app)
    {
        var clusters = app.MapGroup("/v1/clusters").WithTags("Provider").RequireRoles(ApiRole.Provider);
        clusters.MapPut("/{id}/meter-key", SetMeterKey)
            .WithName("setMeterKey")
            .WithSummary("Register a cluster's meter key")
            .WithDescription("The ECDSA P-256 public key (PEM, SubjectPublicKeyInfo) the cluster's signed readings verify against from now on. Earlier keys stay: readings keep naming the key they were signed with. The key is named by its fingerprint (keyId, SHA-256 of its DER bytes), so registering it again finds it. Another provider's cluster is 404.")
            .Accepts<MeterKeyRequest>("application/json")
            .Produces<MeterKeyResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithExamples(MeterKeyRequest.Example, ResponseExamples.MeterKey);
    }

    private static async Task<IResult> SetMeterKey(string id, HttpContext context, IGrainFactory grains, MeterKeyStore keys)
    {
        var (body, _, problem) = await JsonRequest.ReadAsync(context);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var pem = fields.String("publicKey", true, MaxKeyLength);
        fields.RejectUnknown();
        var key = pem is null ? null : MeterSignature.ReadPublicKey(pem);
        if (pem is not null && key is null)
        {
            fields.Fail("publicKey", "Must be an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----, SubjectPublicKeyInfo).");
        }

        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        if (await OwnClusters.FindAsync(grains, id, context.Caller().TenantId) is null)
        {
            return Problem.NotFound("cluster");
        }

        var row = await keys.RegisterAsync(id, key!.Value.KeyId, key.Value.Pem, context.RequestAborted);
        return Results.Ok(MeterKeyResponse.From(row));
    }
}
