using Exchange.Silo.Api.Problems;

namespace Exchange.Silo.Api.Security;

/// <summary>Every <c>/v1</c> request carries a key; the principal it names travels in the request's items.</summary>
public static class ApiAuthentication
{
    private static readonly object PrincipalKey = new();

    /// <summary>Refuses /v1 requests without a valid key (401) and records the caller for the endpoints.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var principal = ApiKeys.FromAuthorization(header, acceptBasic: false) is { } key
            ? await context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(key, context.RequestAborted)
            : null;
        if (principal is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problem.Unauthorized(header.Length == 0 ? "An API key is required: Authorization: Bearer <key>." : "The API key is not valid.")
                .ExecuteAsync(context);
            return;
        }

        context.Items[PrincipalKey] = principal;
        await next(context);
    });

    /// <summary>The authenticated caller of a /v1 request.</summary>
    public static ApiPrincipal Caller(this HttpContext context) =>
        context.Items[PrincipalKey] as ApiPrincipal ?? throw new InvalidOperationException("The request was not authenticated.");

    /// <summary>Only keys of these roles may call the endpoint; others get 403.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params ApiRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
            roles.Contains(context.HttpContext.Caller().Role)
                ? await next(context)
                : Problem.Forbidden($"This endpoint is for {string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()))} keys."));
        return builder;
    }
}
