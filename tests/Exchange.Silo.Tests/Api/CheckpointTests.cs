using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Exchange.Markets;
using Exchange.Storage.Ledger;

namespace Exchange.Silo.Tests.Api;

/// <summary>Signed checkpoints let a regulator detect a rewritten history, even one whose hashes were all recomputed.</summary>
[Collection(ApiCollection.Name)]
public sealed class CheckpointTests(ApiSiloFixture fixture)
{
    private async Task<(Desk Desk, Party Regulator, ApiResponse Checkpoint)> TradeAndWaitForCheckpointAsync()
    {
        var desk = await fixture.NewDeskAsync();
        var regulator = await fixture.NewTenantAsync("regulator", "CN");
        await desk.AskAsync("0.40", 10_000);
        await desk.BidAsync("0.45", 3_000);
        await desk.BidAsync("0.45", 2_000);
        ApiResponse? page = null;
        await Exchange.TestSupport.Eventually.HoldsAsync("a checkpoint at the market's second allocation", TimeSpan.FromSeconds(30), async () =>
        {
            page = (await regulator.Client.GetAsync($"/v1/regulator/checkpoints?marketId={desk.Market}")).Expect(HttpStatusCode.OK);
            return page.Items.Any(c => c.GetProperty("sequence").GetInt64() == 2);
        });
        return (desk, regulator, page!);
    }

    [Fact]
    public async Task Each_market_head_is_signed_and_the_signature_verifies_with_the_published_key()
    {
        var (desk, regulator, page) = await TradeAndWaitForCheckpointAsync();
        var checkpoint = page.Items.Single(c => c.GetProperty("sequence").GetInt64() == 2);
        var key = (await regulator.Client.GetAsync("/v1/regulator/public-key")).Expect(HttpStatusCode.OK);
        Assert.Equal(key.Str("keyId"), checkpoint.GetProperty("keyId").GetString());

        // Rebuilt from the documented format, not from the exchange's code.
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"token-outbound-exchange checkpoint v1\n{desk.Market}\n2\n{checkpoint.GetProperty("headHash").GetString()}\n{checkpoint.GetProperty("signedAt").GetDateTimeOffset().ToUnixTimeMilliseconds()}"));
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(key.Str("publicKeyPem"));
        var signature = Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!);
        Assert.True(publicKey.VerifyData(message, signature, HashAlgorithmName.SHA256));
        message[^1] ^= 1;
        Assert.False(publicKey.VerifyData(message, signature, HashAlgorithmName.SHA256));

        await fixture.WaitForSettledLedgerAsync();
        var allocations = (await regulator.Client.GetAsync($"/v1/regulator/allocations?marketId={desk.Market}")).Expect(HttpStatusCode.OK).Items;
        Assert.Equal(allocations[1].GetProperty("hash").GetString(), checkpoint.GetProperty("headHash").GetString());
    }

    [Fact]
    public async Task A_history_rewritten_with_every_hash_recomputed_is_caught_by_the_kept_checkpoint()
    {
        var (desk, regulator, page) = await TradeAndWaitForCheckpointAsync();
        var kept = page.Items.Single(c => c.GetProperty("sequence").GetInt64() == 2).GetProperty("headHash").GetString();

        // The forger changes the first allocation's quantity, its notional to match, and recomputes both hashes, so the chain
        // is consistent again.
        var rows = await new AllocationQueries(fixture.Database.DataSource).ReadTapeAsync(desk.Market, 0, 10, CancellationToken.None);
        var previous = AllocationHasher.Genesis.ToArray();
        var statements = new StringBuilder("ALTER TABLE allocations DISABLE TRIGGER allocations_append_only;");
        foreach (var row in rows)
        {
            var forged = row.Sequence == 1 ? row with { Quantity = row.Quantity + 1_000 } : row;
            var hash = AllocationHasher.Hash(previous, forged);
            statements.Append(CultureInfo.InvariantCulture, $"""
                UPDATE allocations SET quantity = {forged.Quantity}, notional = {forged.Quantity}::numeric * price_micros * 0.000000000001, prev_hash = '\x{Convert.ToHexString(previous)}', hash = '\x{Convert.ToHexString(hash)}'
                WHERE market_id = '{desk.Market}' AND sequence = {row.Sequence};
                """);
            previous = hash;
        }

        statements.Append("ALTER TABLE allocations ENABLE TRIGGER allocations_append_only; SELECT NULL;");
        await fixture.Database.ScalarAsync<object?>(statements.ToString());

        var stored = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={desk.Market}")).Expect(HttpStatusCode.OK);
        Assert.False(stored["ok"].GetBoolean());
        Assert.Equal(2, stored.Long("sequence"));

        var withKept = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={desk.Market}&sequence=2&hash={kept}")).Expect(HttpStatusCode.OK);
        Assert.False(withKept["ok"].GetBoolean());
        Assert.Equal(2, withKept.Long("sequence"));
    }

    [Fact]
    public async Task A_deleted_tail_is_caught_by_the_checkpoint_signed_after_it()
    {
        var (desk, regulator, _) = await TradeAndWaitForCheckpointAsync();
        await fixture.Database.ScalarAsync<object?>($"""
            ALTER TABLE allocations DISABLE TRIGGER allocations_append_only;
            DELETE FROM allocations WHERE market_id = '{desk.Market}' AND sequence = 2;
            ALTER TABLE allocations ENABLE TRIGGER allocations_append_only;
            SELECT NULL;
            """);

        var broken = (await regulator.Client.GetAsync($"/v1/regulator/verify?marketId={desk.Market}")).Expect(HttpStatusCode.OK);
        Assert.False(broken["ok"].GetBoolean());
        Assert.Equal(2, broken.Long("sequence"));
    }
}
