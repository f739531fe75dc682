using System.Security.Cryptography;
using System.Text;
using Exchange.Markets.Settlement;

namespace Exchange.Markets.Tests.Settlement;

public sealed class MeterSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"readings":[{"allocationId":"m.a1","sequence":1}]}""");

    private static string Sign(ECDsa key, byte[] body) =>
        Convert.ToBase64String(key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    [Fact]
    public void A_signature_over_the_exact_body_with_the_registered_key_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.True(MeterSignature.Verify(Body, Sign(key, Body), key.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void A_changed_body_another_key_or_garbage_does_not_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportSubjectPublicKeyInfoPem();
        var changed = (byte[])Body.Clone();
        changed[^3] ^= 1;

        Assert.False(MeterSignature.Verify(changed, Sign(key, Body), pem));
        Assert.False(MeterSignature.Verify(Body, Sign(other, Body), pem));
        Assert.False(MeterSignature.Verify(Body, null, pem));
        Assert.False(MeterSignature.Verify(Body, "not base64!", pem));
        Assert.False(MeterSignature.Verify(Body, Convert.ToBase64String(new byte[64]), pem));
        Assert.False(MeterSignature.Verify(Body, Convert.ToBase64String(key.SignData(Body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)), pem));
    }

    [Fact]
    public void Only_a_p256_public_key_can_be_registered_and_it_is_named_by_its_fingerprint()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        var read = MeterSignature.ReadPublicKey(p256.ExportSubjectPublicKeyInfoPem().Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(p256.ExportSubjectPublicKeyInfo())), read!.Value.KeyId);
        Assert.Equal(p256.ExportSubjectPublicKeyInfoPem(), read.Value.Pem);
        Assert.Null(MeterSignature.ReadPublicKey(p384.ExportSubjectPublicKeyInfoPem()));
        Assert.Null(MeterSignature.ReadPublicKey(rsa.ExportSubjectPublicKeyInfoPem()));
        Assert.Null(MeterSignature.ReadPublicKey(p256.ExportPkcs8PrivateKeyPem()));
        Assert.Null(MeterSignature.ReadPublicKey(p256.ExportECPrivateKeyPem()));
        Assert.Null(MeterSignature.ReadPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
        Assert.Null(MeterSignature.ReadPublicKey(""));
    }

    [Fact]
    public void A_key_with_explicit_curve_parameters_is_refused_not_a_failure()
    {
        using var named = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var explicitCurve = ECDsa.Create(named.ExportExplicitParameters(includePrivateParameters: false));
        var pem = explicitCurve.ExportSubjectPublicKeyInfoPem();
        using var reread = ECDsa.Create();
        reread.ImportFromPem(pem);

        // Some OpenSSL builds write the named curve back; only a PEM that names no curve must be refused.
        Assert.Equal(reread.ExportParameters(false).Curve.IsNamed, MeterSignature.ReadPublicKey(pem) is not null);
    }
}
