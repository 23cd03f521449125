using KisTrader.Data;
using KisTrader.Web.Hosting.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Identity;

public static class IdentitySetup
{
    public static IServiceCollection AddKisTraderIdentity(this IServiceCollection services)
    {
        services.AddIdentity<IdentityUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = AdminOptions.MinPasswordLength;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<KisTraderDbContext>()
            .AddDefaultTokenProviders()
            .AddUserValidator<UserNameLimitValidator>()
            .AddPasswordValidator<PasswordLimitValidator>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = AccountEndpoints.LoginPath;
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "kistrader.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // APIs and hubs answer 401/403 instead of redirecting to the login page.
            o.Events.OnRedirectToLogin = ctx => Answer(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });
        // A deleted, locked or re-passworded user loses the session within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            // Every page, hub and endpoint needs a signed-in user unless it says otherwise.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddCascadingAuthenticationState();
        services.AddSingleton<DecoyPasswordHash>();
        services.AddScoped<UniformSignIn>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<IUserAdmin>(sp => sp.GetRequiredService<UserAdminService>());
        services.AddScoped<AdminSeeder>();
        return services;
    }

    private static Task Answer(HttpContext http, string redirectUri, int status)
    {
        var path = http.Request.Path;
        // A Viewer who calls the jobs dashboard gets a 403 saying why (anonymous callers still go to the login page).
        if (status == StatusCodes.Status403Forbidden && path.StartsWithSegments(Scheduling.JobsDashboard.Path))
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/plain; charset=utf-8";
            return http.Response.WriteAsync(Scheduling.JobsDashboard.AdminsOnly);
        }
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor")
            || http.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        http.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
