using Exchange.Contracts.Markets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Exchange.Silo.Api.Problems;

/// <summary>Failures that escape an endpoint become problem answers: an unavailable database or cluster is 503, never a silent loss.</summary>
public sealed partial class ExceptionProblems(ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => Problem.TooLarge(httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException bad => Problem.Of(bad.StatusCode, "bad-request", "The request could not be read.", bad.Message),
            // One public wording: the exceptions' own texts (logged below) may name other tenants, orders or the database.
            ExchangeUnavailableException or NpgsqlException { IsTransient: true } or TimeoutException or OrleansException =>
                Problem.Unavailable("The database or the silo cluster did not answer; nothing was changed that was not acknowledged. Retry with the same ids."),
            // A statement ended by its time limit (a regulator's query past Regulator:StatementSeconds): nothing was changed.
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } =>
                Problem.Unavailable("The query ran longer than its time limit; narrow it (a shorter time range, one market) or retry later."),
            _ => null,
        };
        if (result is null)
        {
            Failed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            result = Problem.Of(StatusCodes.Status500InternalServerError, "internal", "Something went wrong.", "The failure was logged.");
        }
        else
        {
            Refused(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void Failed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Method} {Path} answered as unavailable: {Kind}: {Reason}")]
    private static partial void Refused(ILogger logger, string method, string path, string kind, string reason);
}
