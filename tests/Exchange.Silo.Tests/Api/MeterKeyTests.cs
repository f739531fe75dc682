using System.Net;
using System.Security.Cryptography;

namespace Exchange.Silo.Tests.Api;

/// <summary>PUT /v1/clusters/{id}/meter-key: a provider registers the keys its cluster's readings are signed with.</summary>
[Collection(ApiCollection.Name)]
public sealed class MeterKeyTests(ApiSiloFixture fixture)
{
    private static string NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private static string Fingerprint(string pem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    private Task<long> StoredKeysAsync(string clusterId) =>
        fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM meter_keys WHERE cluster_id = '{clusterId}'");

    [Fact]
    public async Task A_provider_registers_its_clusters_key_and_registering_it_again_finds_it()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync();
        var pem = NewKey();

        var first = (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = pem })).Expect(HttpStatusCode.OK);
        var again = (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = pem.Replace("\n", "\r\n", StringComparison.Ordinal) })).Expect(HttpStatusCode.OK);

        Assert.Equal(cluster, first.Str("clusterId"));
        Assert.Equal(Fingerprint(pem), first.Str("keyId"));
        Assert.Equal(first.Str("keyId"), again.Str("keyId"));
        Assert.Contains("BEGIN PUBLIC KEY", first.Str("publicKey"), StringComparison.Ordinal);
        Assert.Contains("IEEE P1363", first.Str("algorithm"), StringComparison.Ordinal);
        Assert.Equal(1, await StoredKeysAsync(cluster));
    }

    [Fact]
    public async Task A_new_key_signs_from_now_on_and_the_old_one_stays_for_the_readings_it_signed()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync();
        var (oldPem, newPem) = (NewKey(), NewKey());

        (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = oldPem })).Expect(HttpStatusCode.OK);
        (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = newPem })).Expect(HttpStatusCode.OK);

        Assert.Equal(2, await StoredKeysAsync(cluster));
        var store = new Exchange.Storage.Metering.MeterKeyStore(fixture.Database.DataSource);
        Assert.Equal(Fingerprint(newPem), (await store.NewestAsync(cluster, CancellationToken.None))!.KeyId);

        // Registering the old key again makes it the one that signs, without a second row.
        (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = oldPem })).Expect(HttpStatusCode.OK);
        Assert.Equal(Fingerprint(oldPem), (await store.NewestAsync(cluster, CancellationToken.None))!.KeyId);
        Assert.Equal(2, await StoredKeysAsync(cluster));
    }

    [Fact]
    public async Task Another_providers_cluster_is_not_found_and_nothing_is_stored()
    {
        var owner = await fixture.NewTenantAsync("provider");
        var cluster = await owner.NewClusterAsync();
        var other = await fixture.NewTenantAsync("provider");

        await fixture.StoresNothingAsync(async () =>
        {
            (await other.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = NewKey() })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
            (await other.Client.PutAsync("/v1/clusters/no-such-cluster/meter-key", new { publicKey = NewKey() })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        });
        Assert.Equal(0, await StoredKeysAsync(cluster));
    }

    public static TheoryData<string, string> Garbage()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        return new()
        {
            { "missing", "{}" },
            { "null", """{ "publicKey": null }""" },
            { "a number", """{ "publicKey": 42 }""" },
            { "empty", """{ "publicKey": "" }""" },
            { "not a PEM", """{ "publicKey": "hello" }""" },
            { "a broken PEM", """{ "publicKey": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" }""" },
            { "P-384", System.Text.Json.JsonSerializer.Serialize(new { publicKey = p384.ExportSubjectPublicKeyInfoPem() }) },
            { "RSA", System.Text.Json.JsonSerializer.Serialize(new { publicKey = rsa.ExportSubjectPublicKeyInfoPem() }) },
            { "a private key", System.Text.Json.JsonSerializer.Serialize(new { publicKey = p256.ExportPkcs8PrivateKeyPem() }) },
            { "too long", System.Text.Json.JsonSerializer.Serialize(new { publicKey = new string('A', 5_000) }) },
        };
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task A_key_that_is_not_a_P256_public_key_is_refused_naming_the_field_and_stores_nothing(string what, string body)
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync();

        await fixture.StoresNothingAsync(async () =>
            (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", body)).ExpectInvalid("publicKey"));
        Assert.True(await StoredKeysAsync(cluster) == 0, what);
    }

    [Fact]
    public async Task An_unknown_field_is_refused_naming_it()
    {
        var provider = await fixture.NewTenantAsync("provider");
        var cluster = await provider.NewClusterAsync();

        (await provider.Client.PutAsync($"/v1/clusters/{cluster}/meter-key", new { publicKey = NewKey(), algorithm = "rsa" })).ExpectInvalid("algorithm");
    }
}
