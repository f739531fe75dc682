using Exchange.Markets;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Silo.Api.Problems;

/// <summary>RFC 7807 answers, each with a stable <c>type</c> URI that ends in a reason code.</summary>
public static class Problem
{
    /// <summary>Where problem types live; a type is this plus its reason code.</summary>
    public const string TypeBase = "https://token-outbound.exchange/problems/";

    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors) => Results.Problem(
        new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Type = TypeBase + "validation",
            Title = "The request is not valid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = "See errors: each names a field and what is wrong with it.",
        });

    /// <summary>One bad field, for checks made outside a body reader (a path or a query value).</summary>
    public static IResult Invalid(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The exchange understood the request and refused it: the code's kind decides the status (422, 409 or 429).</summary>
    public static IResult Rejected(RejectCode code, string? detail = null)
    {
        var reason = code.WireName();
        return code.Kind() switch
        {
            RejectKind.Conflict => Of(StatusCodes.Status409Conflict, reason, "The request conflicts with an earlier one.", detail),
            RejectKind.Throttled => new RetryAfter(Of(StatusCodes.Status429TooManyRequests, reason, "Too many requests.", detail ?? "Slow down and retry after the given seconds."), 1),
            _ => Of(StatusCodes.Status422UnprocessableEntity, reason, "The exchange refused the request.", detail ?? Describe(reason)),
        };
    }

    public static IResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication required.", detail);

    public static IResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "forbidden", "This key may not do that.", detail);

    public static IResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "not-found", "Not found.", $"No {what} with that id.");

    public static IResult TooLarge(long limit) => Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large.", $"At most {limit} bytes.");

    public static IResult Unavailable(string detail) =>
        new RetryAfter(Of(StatusCodes.Status503ServiceUnavailable, "unavailable", "The exchange cannot make this durable right now.", detail), 1);

    public static IResult Of(int status, string reason, string title, string? detail) => Results.Problem(new ProblemDetails
    {
        Type = TypeBase + reason,
        Title = title,
        Status = status,
        Detail = detail,
    });

    private static string Describe(string reason) => reason.Replace('-', ' ');

    /// <summary>Adds a Retry-After header to a problem answer.</summary>
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
