using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Exchange.Silo.Tests.Api;

/// <summary>Ids that name no real market (a past period never traded) are answered 404 without waking a grain.</summary>
[Collection(ApiCollection.Name)]
public sealed class MadeUpIdTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task Ten_thousand_made_up_market_and_order_ids_are_404_and_activate_no_grain()
    {
        var buyer = await fixture.NewTenantAsync("buyer");
        using var host = await ClusterClient.ConnectAsync(fixture.Database.ConnectionString, fixture.ClusterId);
        var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        async Task<int> Activations() => (await management.GetSimpleGrainStatistics()).Sum(s => s.ActivationCount);
        var before = await Activations();

        // Hour-aligned periods since 2001, each a well-formed id of a listed model that nobody ever traded.
        var epoch = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string MarketAt(int i) => $"chat-70b.{epoch.AddHours(i).ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}";
        var requests = Enumerable.Range(0, 10_000).Select<int, Func<Task<ApiResponse>>>(i => (i % 5) switch
        {
            0 => () => buyer.Client.GetAsync($"/v1/markets/{MarketAt(i)}/book"),
            1 => () => buyer.Client.GetAsync($"/v1/markets/{MarketAt(i)}/stream"),
            2 => () => buyer.Client.GetAsync($"/v1/orders/{MarketAt(i)}.1"),
            3 => () => buyer.Client.DeleteAsync($"/v1/orders/{MarketAt(i)}.7"),
            _ => () => buyer.Client.PatchAsync($"/v1/orders/{MarketAt(i)}.3", new { quantity = 1000 }),
        }).ToList();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, _) =>
            (await request()).ExpectProblem(HttpStatusCode.NotFound, "not-found"));

        var after = await Activations();
        Assert.True(after <= before, $"{after - before} grains were activated by made-up ids ({before} before, {after} after)");
    }
}
