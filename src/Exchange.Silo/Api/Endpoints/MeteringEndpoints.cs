using Exchange.Grains.Catalog;
using Exchange.Grains.Settlement;
using Exchange.Markets;
using Exchange.Markets.Settlement;
using Exchange.Silo.Api.Docs;
using Exchange.Silo.Api.Problems;
using Exchange.Silo.Api.Requests;
using Exchange.Silo.Api.Responses;
using Exchange.Silo.Api.Security;
using Exchange.Storage.Metering;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Endpoints;

/// <summary>Metering: a provider's clusters sign what they deliver with keys registered here.</summary>
public static class MeteringEndpoints
{
    private const int MaxKeyLength = 4_096;

    private const int MaxReadings = 1_000;

    /// <summary>The header that carries a readings batch's signature.</summary>
    public const string SignatureHeader = "Exchange-Signature";

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
        clusters.MapPost("/{id}/readings", SubmitReadings)
            .WithName("submitReadings")
            .WithSummary("Submit signed meter readings")
            .WithDescription("Cumulative counters per allocation since its start, numbered 1, 2, ... per allocation, signed by the cluster's current meter key: the Exchange-Signature header is base64 of the ECDSA P-256 / SHA-256 signature (r||s, 64 bytes) over the exact body bytes. The body and signature are stored as received. A reading stored before with the same content counts as a duplicate; with other content the batch is 409 reading-conflict. A batch is taken whole or refused whole, and a refusal names the reading (readings[i]): bad-signature, unknown-allocation (also another cluster's), reading-in-future (timed more than 5 s after the exchange's clock), delivery-closed (outside the period, or after it and Settlement:GraceSeconds), counter-regressed, over-delivery, invalid-counters. At most 1,000 readings.")
            .Accepts<ReadingsRequest>("application/json")
            .Produces<ReadingsResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSignatureHeader()
            .WithExamples(ReadingsRequest.Example, ResponseExamples.Readings);
    }

    private static async Task<IResult> SubmitReadings(
        string id, HttpContext context, IGrainFactory grains, MeterKeyStore keys, MeterReadingStore readings,
        IOptions<CatalogOptions> catalog, IOptions<SettlementOptions> settlement, IOptions<ApiOptions> api, TimeProvider clock)
    {
        var (body, raw, problem) = await JsonRequest.ReadAsync(context, api.Value.MaxReadingsBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        using var document = body!;
        var fields = BodyFields.Of(document, new FieldErrors());
        var batch = new List<MeterReading>();
        foreach (var item in fields.Objects("readings", true, MaxReadings) ?? [])
        {
            var reading = ReadingFields.Read(item);
            item.RejectUnknown();
            if (reading is not null)
            {
                batch.Add(reading);
            }
        }

        fields.RejectUnknown();
        if (fields.Errors.Any)
        {
            return Problem.Validation(fields.Errors.ToDictionary());
        }

        if (await OwnClusters.FindAsync(grains, id, context.Caller().TenantId) is null)
        {
            return Problem.NotFound("cluster");
        }

        var signature = context.Request.Headers[SignatureHeader].ToString();
        if (await keys.NewestAsync(id, context.RequestAborted) is not { } key || !MeterSignature.Verify(raw, signature, key.PublicKey))
        {
            return Problem.Rejected(RejectCode.BadSignature,
                $"The {SignatureHeader} header is not a signature of this body by the cluster's current meter key (PUT /v1/clusters/{{id}}/meter-key).");
        }

        var verdict = await readings.SubmitAsync(new MeterSubmission(id, key.KeyId, raw, signature, batch),
            catalog.Value.WeightsOf, clock.GetUtcNow(), settlement.Value.Grace, context.RequestAborted);
        return verdict.Refusal is { } refused
            ? Problem.Rejected(refused.Code, $"readings[{refused.Index}]: {refused.Detail}")
            : Results.Ok(new ReadingsResponse(verdict.Accepted.Count, verdict.Duplicates));
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
