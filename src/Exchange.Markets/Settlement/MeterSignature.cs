using System.Security.Cryptography;

namespace Exchange.Markets.Settlement;

/// <summary>
/// A batch's signature: ECDSA P-256 over SHA-256 of the exact body bytes, in IEEE P1363 form (r‖s, 64 bytes), base64 in
/// the Exchange-Signature header; verified against the cluster's registered public key (PEM, SubjectPublicKeyInfo).
/// </summary>
public static class MeterSignature
{
    /// <summary>Whether <paramref name="signature"/> (base64) signs <paramref name="body"/> under <paramref name="publicKeyPem"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string? signature, string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(publicKeyPem);
        if (string.IsNullOrEmpty(signature) || signature.Length > 128)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[96];
        if (!Convert.TryFromBase64String(signature, raw, out var length) || length != 64)
        {
            return false;
        }

        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return key.VerifyData(body, raw[..length], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>
    /// The key in <paramref name="publicKeyPem"/> when it is an ECDSA P-256 public key (the only kind a cluster may
    /// register): its fingerprint (SHA-256 of its DER bytes, hex) and its PEM as the exchange writes it, so that the same
    /// key in other whitespace is the same key. Null for anything else: another curve, RSA, a private key, garbage.
    /// </summary>
    public static (string KeyId, string Pem)? ReadPublicKey(string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(publicKeyPem);
        if (publicKeyPem.Contains("PRIVATE", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(publicKeyPem);
            // A key with explicit curve parameters names no curve: it is not the P-256 the contract asks for.
            var curve = key.ExportParameters(includePrivateParameters: false).Curve;
            if (!curve.IsNamed || curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return null;
            }

            var der = key.ExportSubjectPublicKeyInfo();
            return (Convert.ToHexStringLower(SHA256.HashData(der)), key.ExportSubjectPublicKeyInfoPem());
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
