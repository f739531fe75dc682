using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Exchange.Storage.Regulator;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Regulator;

/// <summary>Signs ledger checkpoints with the exchange's ECDSA P-256 key; the public half is published for regulators.</summary>
public sealed class LedgerSigner(CheckpointStore store, IOptions<RegulatorOptions> options) : IDisposable
{
    /// <summary>How signatures are made: ECDSA over P-256 with SHA-256, the signature as r‖s (IEEE P1363, 64 bytes).</summary>
    public const string Algorithm = "ECDSA-P256-SHA256-P1363";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (ECDsa Key, string KeyId)? _key;

    /// <summary>The exact bytes a checkpoint's signature covers (UTF-8): a fixed prefix, market, sequence, head hash in hex, signing time in Unix milliseconds.</summary>
    public static byte[] Message(string marketId, long sequence, byte[] headHash, DateTimeOffset signedAt) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture, $"token-outbound-exchange checkpoint v1\n{marketId}\n{sequence}\n{Convert.ToHexStringLower(headHash)}\n{signedAt.ToUnixTimeMilliseconds()}"));

    public async Task<Checkpoint> SignAsync(string marketId, long sequence, byte[] headHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (key, keyId) = await KeyAsync(cancellationToken);
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        return new Checkpoint(marketId, sequence, headHash, signedAt, keyId, key.SignData(Message(marketId, sequence, headHash, signedAt), HashAlgorithmName.SHA256));
    }

    /// <summary>The key id and the public key as PEM (SubjectPublicKeyInfo).</summary>
    public async Task<(string KeyId, string PublicKeyPem)> PublicKeyAsync(CancellationToken cancellationToken)
    {
        var (key, keyId) = await KeyAsync(cancellationToken);
        return (keyId, key.ExportSubjectPublicKeyInfoPem());
    }

    public void Dispose()
    {
        _key?.Key.Dispose();
        _loading.Dispose();
    }

    private async Task<(ECDsa Key, string KeyId)> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                var key = ECDsa.Create();
                if (options.Value.SigningKeyFile is { Length: > 0 } file)
                {
                    key.ImportFromPem(await File.ReadAllTextAsync(file, cancellationToken));
                }
                else
                {
                    using var candidate = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                    var spki = candidate.ExportSubjectPublicKeyInfo();
                    var stored = await store.EnsureKeyAsync(
                        new SigningKeyRow(KeyIdOf(spki), Algorithm, spki, candidate.ExportPkcs8PrivateKey()), cancellationToken);
                    key.ImportPkcs8PrivateKey(stored.PrivateKey, out _);
                }

                _key = (key, KeyIdOf(key.ExportSubjectPublicKeyInfo()));
            }

            return _key.Value;
        }
        finally
        {
            _loading.Release();
        }
    }

    // The key's id is derived from its public half, so anyone can check which key a checkpoint names.
    private static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];
}
