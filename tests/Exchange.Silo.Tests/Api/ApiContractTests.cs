using System.Net;

namespace Exchange.Silo.Tests.Api;

/// <summary>The contract check that every API test's answers pass through can fail, for each way an answer can break it.</summary>
public sealed class ApiContractTests
{
    private const string Order = """
        { "orderId": "chat-70b.20261128T1400.7", "clientOrderId": "bid-1", "marketId": "chat-70b.20261128T1400", "side": "buy",
          "type": "limit", "price": "0.42", "quantity": 2000000, "filledQuantity": 0, "remainingQuantity": 2000000,
          "cancelledQuantity": 0, "filledNotional": "0.00", "status": "open", "timeInForce": "GTC",
          "createdAt": "2026-11-28T12:00:00Z", "clusterId": null, "allocations": [] }
        """;

    [Fact]
    public void An_answer_the_document_describes_passes()
    {
        Assert.Null(ApiContract.Violation(HttpMethod.Get, "/v1/orders/chat-70b.20261128T1400.7", HttpStatusCode.OK, "application/json", Order));
    }

    [Fact]
    public void A_body_without_a_required_field_breaks_the_contract()
    {
        var body = Order.Replace("\"orderId\": \"chat-70b.20261128T1400.7\", ", "", StringComparison.Ordinal);
        Assert.Contains("does not match", ApiContract.Violation(HttpMethod.Get, "/v1/orders/x.1", HttpStatusCode.OK, "application/json", body));
    }

    [Fact]
    public void A_number_sent_as_a_string_breaks_the_contract()
    {
        var body = Order.Replace("\"quantity\": 2000000", "\"quantity\": \"2000000\"", StringComparison.Ordinal);
        Assert.Contains("does not match", ApiContract.Violation(HttpMethod.Get, "/v1/orders/x.1", HttpStatusCode.OK, "application/json", body));
    }

    [Fact]
    public void An_empty_answer_where_the_document_promises_a_body_breaks_the_contract()
    {
        Assert.Contains("answered none", ApiContract.Violation(HttpMethod.Get, "/v1/orders/x.1", HttpStatusCode.OK, null, ""));
    }

    [Fact]
    public void A_status_the_operation_does_not_document_breaks_the_contract()
    {
        Assert.Contains("documents no 409", ApiContract.Violation(HttpMethod.Get, "/v1/models", HttpStatusCode.Conflict, "application/problem+json",
            """{ "type": "https://token-outbound.exchange/problems/x", "title": "x", "status": 409 }"""));
    }

    [Fact]
    public void A_media_type_the_response_does_not_list_breaks_the_contract()
    {
        Assert.Contains("lists no text/plain", ApiContract.Violation(HttpMethod.Get, "/v1/orders/x.1", HttpStatusCode.OK, "text/plain", "ok"));
    }

    [Fact]
    public void A_problem_without_its_status_breaks_the_contract()
    {
        Assert.Contains("does not match", ApiContract.Violation(HttpMethod.Get, "/v1/orders/x.1", HttpStatusCode.NotFound, "application/problem+json",
            """{ "type": "https://token-outbound.exchange/problems/not-found", "title": "Not found." }"""));
    }

    [Fact]
    public void The_literal_path_wins_over_a_template_that_also_matches()
    {
        // /v1/me is its own operation; were it taken for a template, a tenant body could pass as something else.
        Assert.Contains("documents no 409", ApiContract.Violation(HttpMethod.Get, "/v1/me", HttpStatusCode.Conflict, "application/problem+json",
            """{ "type": "t", "title": "x", "status": 409 }"""));
    }

    [Fact]
    public void Paths_and_methods_outside_the_document_are_not_its_business()
    {
        Assert.Null(ApiContract.Violation(HttpMethod.Get, "/v1/no-such-thing", HttpStatusCode.NotFound, "application/problem+json", "{}"));
        Assert.Null(ApiContract.Violation(HttpMethod.Put, "/v1/models", HttpStatusCode.MethodNotAllowed, null, ""));
    }
}
