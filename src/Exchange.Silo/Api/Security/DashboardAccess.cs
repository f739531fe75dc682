namespace Exchange.Silo.Api.Security;

/// <summary>
/// The Orleans dashboard shows every grain (tenant, cluster and market ids among them): operators only. A browser is
/// asked for Basic credentials (any user name, an operator key as the password); tools may send the key as a Bearer.
/// </summary>
public static class DashboardAccess
{
    public static IApplicationBuilder UseOperatorOnlyDashboard(this IApplicationBuilder app, string path) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(path, StringComparison.Ordinal), branch => branch.Use(async (context, next) =>
        {
            var key = ApiKeys.FromAuthorization(context.Request.Headers.Authorization.ToString(), acceptBasic: true);
            var caller = key is null ? null : await context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(key, context.RequestAborted);
            if (caller?.Role != ApiRole.Operator)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Token Outbound Exchange dashboard\", charset=\"UTF-8\"";
                return;
            }

            await next(context);
        }));
}
