using Exchange.Storage.Metering;

namespace Exchange.Silo.Api.Responses;

/// <summary>A cluster's meter key as registered: sign every readings batch's exact body with its private half.</summary>
/// <param name="KeyId">The key's fingerprint: SHA-256 of its DER bytes, hex.</param>
/// <param name="Algorithm">How batches are signed and where the signature goes.</param>
public sealed record MeterKeyResponse(string ClusterId, string KeyId, string PublicKey, string Algorithm, DateTimeOffset RegisteredAt)
{
    public const string SigningAlgorithm = "ECDSA P-256 with SHA-256 over the exact request body; signature r||s (IEEE P1363, 64 bytes), base64, in the Exchange-Signature header";

    public static MeterKeyResponse From(MeterKeyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.ClusterId, row.KeyId, row.PublicKey, SigningAlgorithm, row.RegisteredAt);
    }
}
