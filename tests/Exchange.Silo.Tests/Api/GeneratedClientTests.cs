using Exchange.ApiClient;
using Exchange.ApiClient.Generated.Models;

namespace Exchange.Silo.Tests.Api;

/// <summary>The client Kiota generates from the committed document works against a real silo, refusals included.</summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(ApiSiloFixture fixture)
{
    [Fact]
    public async Task A_buy_placed_through_the_generated_client_trades_against_a_resting_ask()
    {
        var desk = await fixture.NewDeskAsync();
        await desk.AskAsync("0.40", 4_000_000);
        using var connection = ExchangeConnection.Open(fixture.Silo.Http.BaseAddress!);
        var buyer = connection.As((await fixture.NewKeyAsync(desk.Buyer.Id)).Key);

        var order = await buyer.V1.Orders.PostAsync(new CreateOrderRequest
        {
            ClientOrderId = Parties.Unique("bid"), MarketId = desk.Market, Side = "buy", Price = "0.40", Quantity = 1_000_000,
        });

        Assert.Equal(1_000_000, order!.FilledQuantity);
        Assert.Equal("filled", order.Status);
        Assert.Equal("0.40", order.FilledNotional);
        Assert.Single(order.Allocations!);
        var again = await buyer.V1.Orders[order.OrderId!].GetAsync();
        Assert.Equal(order.Allocations, again!.Allocations);
    }

    [Fact]
    public async Task A_bad_field_arrives_as_a_validation_problem_that_names_it()
    {
        var party = await fixture.NewTenantAsync("buyer");
        using var connection = ExchangeConnection.Open(fixture.Silo.Http.BaseAddress!);
        var buyer = connection.As((await fixture.NewKeyAsync(party.Id)).Key);

        var problem = await Assert.ThrowsAsync<ValidationProblem>(() => buyer.V1.Orders.PostAsync(new CreateOrderRequest
        {
            ClientOrderId = Parties.Unique("bid"), MarketId = fixture.QuietMarket, Side = "buy", Price = "0.05", Quantity = 0,
        }));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.Contains("quantity", problem.Errors!.AdditionalData.Keys);
    }

    [Fact]
    public async Task A_business_refusal_arrives_as_a_problem_with_its_reason_code()
    {
        var party = await fixture.NewTenantAsync("provider");
        using var connection = ExchangeConnection.Open(fixture.Silo.Http.BaseAddress!);
        var provider = connection.As((await fixture.NewKeyAsync(party.Id)).Key);

        var problem = await Assert.ThrowsAsync<Problem>(() => provider.V1.Orders.PostAsync(new CreateOrderRequest
        {
            ClientOrderId = Parties.Unique("bid"), MarketId = fixture.QuietMarket, Side = "buy", Price = "0.05", Quantity = 1_000,
        }));

        Assert.Equal(422, problem.ResponseStatusCode);
        Assert.EndsWith("/side-not-allowed", problem.Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Market_data_reads_through_the_generated_client_with_typed_query_parameters()
    {
        var party = await fixture.NewTenantAsync("buyer");
        using var connection = ExchangeConnection.Open(fixture.Silo.Http.BaseAddress!);
        var buyer = connection.As((await fixture.NewKeyAsync(party.Id)).Key);

        var regions = await buyer.V1.Regions.GetAsync();
        var page = await buyer.V1.Markets.GetAsync(request =>
        {
            request.QueryParameters.Status = "open";
            request.QueryParameters.Limit = 2;
        });
        var me = await buyer.V1.Me.GetAsync();

        Assert.Contains(regions!.Items!, r => r.Id == "hainan");
        Assert.Equal(2, page!.Items!.Count);
        Assert.NotNull(page.NextCursor);
        Assert.Equal(party.Id, me!.Id);
    }
}
