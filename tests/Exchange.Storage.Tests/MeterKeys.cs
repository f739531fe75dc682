using System.Security.Cryptography;
using Exchange.Markets.Settlement;
using Exchange.Storage.Metering;
using Npgsql;

namespace Exchange.Storage.Tests;

/// <summary>A new cluster id with a real meter key registered for it, as metering's foreign keys want.</summary>
internal static class MeterKeys
{
    public static async Task<(string Cluster, string KeyId)> NewClusterKeyAsync(NpgsqlDataSource dataSource)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cluster = $"hn-{Guid.NewGuid():N}"[..20];
        var read = MeterSignature.ReadPublicKey(key.ExportSubjectPublicKeyInfoPem())!.Value;
        await new MeterKeyStore(dataSource).RegisterAsync(cluster, read.KeyId, read.Pem, CancellationToken.None);
        return (cluster, read.KeyId);
    }
}
