using Microsoft.AspNetCore.Authorization;

namespace Exchange.Silo.Api.Security;

/// <summary>
/// Who may call what. Keys are read by <see cref="ApiKeyAuthenticationHandler"/>; each endpoint group carries an
/// authorization policy naming the roles it serves, and an endpoint mapped without one needs a valid key (the fallback
/// policy), so no route can be served open by mistake and no spelling of a path can slip past its policy.
/// </summary>
public static class ApiAccess
{
    /// <summary>Bearer keys, for the API.</summary>
    public const string KeyScheme = "api-key";

    /// <summary>Bearer keys or Basic credentials with the key as the password, for the dashboard a browser opens.</summary>
    public const string DashboardScheme = "dashboard";

    private static readonly ApiRole[] AllRoles = Enum.GetValues<ApiRole>();

    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        // No default scheme: every policy names its own, so a request is only authenticated where an endpoint asks for it.
        services.AddAuthentication()
            .AddScheme<ApiKeySchemeOptions, ApiKeyAuthenticationHandler>(KeyScheme, _ => { })
            .AddScheme<ApiKeySchemeOptions, ApiKeyAuthenticationHandler>(DashboardScheme, o => o.AcceptBasic = true);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(KeyScheme).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Only keys of these roles may call the endpoints; others get 403, callers without a valid key 401.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params ApiRole[] roles)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Policy(KeyScheme, roles));

    /// <summary>Any valid key, whatever its role.</summary>
    public static TBuilder RequireAnyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRoles(AllRoles);

    /// <summary>Operator keys only, also as Basic credentials so that a browser can ask a person for one.</summary>
    public static TBuilder RequireOperatorBrowser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Policy(DashboardScheme, [ApiRole.Operator]));

    /// <summary>The authenticated caller of an endpoint that requires a key.</summary>
    public static ApiPrincipal Caller(this HttpContext context) =>
        (context.User.Identity as ApiIdentity)?.Caller ?? throw new InvalidOperationException("The request was not authenticated.");

    /// <summary>A role as policies and problem answers name it.</summary>
    public static string RoleName(ApiRole role) => role switch
    {
        ApiRole.Operator => "operator",
        ApiRole.Provider => "provider",
        ApiRole.Buyer => "buyer",
        ApiRole.Regulator => "regulator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static AuthorizationPolicy Policy(string scheme, IEnumerable<ApiRole> roles) =>
        new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser().RequireRole(roles.Select(RoleName)).Build();
}
