using System.Security.Claims;
using System.Text.Encodings.Web;
using Exchange.Silo.Api.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.Options;

namespace Exchange.Silo.Api.Security;

/// <summary>How a scheme reads keys and answers callers it cannot let in.</summary>
public sealed class ApiKeySchemeOptions : AuthenticationSchemeOptions
{
    /// <summary>
    /// Whether Basic credentials (any user name, the key as the password) are read besides Bearer: only where a browser
    /// must be able to ask a person for the key.
    /// </summary>
    public bool AcceptBasic { get; set; }
}

/// <summary>
/// Turns the Authorization header into the caller. Which endpoints need which role is decided by authorization policies
/// on the endpoints (<see cref="ApiAccess"/>), never by looking at the request path.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeySchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<ApiKeySchemeOptions>(options, logger, encoder)
{
    private const string BasicChallenge = "Basic realm=\"Token Outbound Exchange dashboard\", charset=\"UTF-8\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var key = ApiKeys.FromAuthorization(header, Options.AcceptBasic);
        var caller = key is null ? null : await authenticator.AuthenticateAsync(key, Context.RequestAborted);
        return caller is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ApiIdentity(caller, Scheme.Name)), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Options.AcceptBasic)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = BasicChallenge;
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        await Problem.Unauthorized(Request.Headers.Authorization.ToString().Length == 0
                ? "An API key is required: Authorization: Bearer <key>."
                : "The API key is not valid.")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // A browser asked for the dashboard with a key of another role: ask it again for an operator key.
        if (Options.AcceptBasic)
        {
            await HandleChallengeAsync(properties);
            return;
        }

        var roles = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<AuthorizationPolicy>()
            .SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>())
            .SelectMany(r => r.AllowedRoles)
            .Distinct(StringComparer.Ordinal)
            .ToList() ?? [];
        await Problem.Forbidden(roles.Count == 0 ? "This key may not call this endpoint." : $"This endpoint is for {string.Join(" or ", roles)} keys.")
            .ExecuteAsync(Context);
    }
}

/// <summary>An authenticated key: its claims for the authorization policies, and the caller itself for the endpoints.</summary>
public sealed class ApiIdentity(ApiPrincipal caller, string scheme)
    : ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller.TenantId), new Claim(ClaimTypes.Role, ApiAccess.RoleName(caller.Role))], scheme)
{
    public ApiPrincipal Caller { get; } = caller;
}
