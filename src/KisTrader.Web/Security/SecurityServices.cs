using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Security;

/// <summary>Cross-site request defences and API tokens (docs/decisions.md, "Cross-site requests: one gate").</summary>
public static class SecurityServices
{
    /// <summary>After AddKisTraderIdentity: API tokens as a second way in (for <c>/api</c> only), the cookie for everything
    /// else, and the antiforgery token's header name.</summary>
    public static IServiceCollection AddKisTraderSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = ApiTokenAuthentication.Selector;
                o.DefaultAuthenticateScheme = ApiTokenAuthentication.Selector;
                o.DefaultChallengeScheme = ApiTokenAuthentication.Selector;
                o.DefaultForbidScheme = ApiTokenAuthentication.Selector;
            })
            .AddPolicyScheme(ApiTokenAuthentication.Selector, "Cookie or API token", o => o.ForwardDefaultSelector = http =>
                ApiTokenAuthentication.AppliesTo(http) ? ApiTokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.HeaderName = CrossSiteRequestGuard.TokenHeader);
        services.AddScoped<ApiTokenService>();
        services.AddScoped<IApiTokens>(sp => sp.GetRequiredService<ApiTokenService>());
        return services;
    }
}
