using Exchange.ApiClient.Generated;
using Exchange.ApiClient.Generated.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Exchange.ApiClient;

/// <summary>
/// Submits a readings batch signed over the exact bytes the generated client sends: the request is built by the
/// generated builder, its serialized body read once, signed, and sent as those same bytes with the Exchange-Signature
/// header. (The generated PostAsync serializes while it sends, so it cannot sign.)
/// </summary>
public static class SignedReadings
{
    public const string SignatureHeader = "Exchange-Signature";

    /// <summary>Signs a body as the header wants it: base64 of the ECDSA P-256 / SHA-256 signature in IEEE P1363 form (r‖s).</summary>
    public static Func<byte[], string> SignerOf(System.Security.Cryptography.ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return body => Convert.ToBase64String(key.SignData(
            body, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>Sends <paramref name="batch"/> for <paramref name="clusterId"/> through <paramref name="adapter"/> (<c>ExchangeConnection.Adapter</c>), signed by <paramref name="sign"/> (base64 of the signature of the body bytes).</summary>
    public static async Task<ReadingsResponse?> SubmitReadingsAsync(
        this IRequestAdapter adapter, string clusterId, ReadingsRequest batch, Func<byte[], string> sign, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(sign);
        var request = new ExchangeClient(adapter).V1.Clusters[clusterId].Readings.ToPostRequestInformation(batch);
        using var body = new MemoryStream();
        await request.Content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var bytes = body.ToArray();
        request.SetStreamContent(new MemoryStream(bytes), "application/json");
        request.Headers.Add(SignatureHeader, sign(bytes));
        var problems = new Dictionary<string, ParsableFactory<IParsable>>
        {
            ["400"] = ValidationProblem.CreateFromDiscriminatorValue,
            ["4XX"] = Problem.CreateFromDiscriminatorValue,
            ["5XX"] = Problem.CreateFromDiscriminatorValue,
        };
        return await adapter.SendAsync(request, ReadingsResponse.CreateFromDiscriminatorValue, problems, cancellationToken).ConfigureAwait(false);
    }
}
