using System.Security.Claims;
using System.Text.Encodings.Web;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Security;

/// <summary>
/// <c>Authorization: Bearer kt_…</c> on <c>/api</c>: the token's owner with the roles the owner has now (a Viewer's
/// token is a Viewer; a demoted admin's token loses admin at once). A revoked or unknown token is refused on its next
/// request (the lookup is by hash, per request, no cache). Each use records the token's last-used time.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IApiTokenStore tokens, UserManager<IdentityUser> users, IUserClaimsPrincipalFactory<IdentityUser> principals, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The scheme that picks the token scheme or the cookie for each request (the default scheme).</summary>
    public const string Selector = "CookieOrApiToken";

    /// <summary>Claim with the id of the token a request was authenticated with.</summary>
    public const string TokenIdClaim = "kistrader:api_token_id";

    private const string BearerPrefix = "Bearer ";

    /// <summary>API tokens count on <c>/api</c> only: pages, hubs and the jobs dashboard are for signed-in browsers.</summary>
    public static bool AppliesTo(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        && http.Request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var text = header[BearerPrefix.Length..].Trim();
        if (!ApiTokens.LooksLikeToken(text)) return AuthenticateResult.Fail("Not a KisTrader API token.");
        var token = await tokens.FindActiveAsync(ApiTokens.Hash(text), Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("Unknown or revoked API token.");
        var user = await users.FindByIdAsync(token.UserId);
        if (user is null) return AuthenticateResult.Fail("The token's user no longer exists.");

        var fromUser = await principals.CreateAsync(user);
        var identityOptions = Context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var identity = new ClaimsIdentity(fromUser.Claims, SchemeName, identityOptions.UserNameClaimType, identityOptions.RoleClaimType);
        identity.AddClaim(new Claim(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await tokens.MarkUsedAsync(token.Id, time.GetUtcNow(), Context.RequestAborted);
        Logger.LogInformation("API token {TokenPrefix} (#{TokenId}) of {UserName} used for {Method} {Path}",
            token.Prefix, token.Id, user.UserName, Request.Method, Request.Path.Value);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
