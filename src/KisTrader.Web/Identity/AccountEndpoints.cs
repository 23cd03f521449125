using KisTrader.Core.Audit;
using Microsoft.AspNetCore.Antiforgery;
using KisTrader.Core.Ports;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace KisTrader.Web.Identity;

/// <summary>
/// Sign-in, sign-out and password change are form posts (cookies can only be set on a real HTTP
/// response, not over the Blazor circuit). Form binding makes sign-in and password change validate the antiforgery token; logout requires it explicitly.
/// </summary>
public static class AccountEndpoints
{
    public const string LoginPath = "/account/login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account");

        group.MapPost("/login", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
            SignInManager<IdentityUser> signIn, IAuditLog audit, TimeProvider time, ILoggerFactory lf) =>
        {
            var log = lf.CreateLogger("KisTrader.Web.Identity.Login");
            var back = SafeReturnUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
                return Results.LocalRedirect($"{LoginPath}?error=missing&returnUrl={Uri.EscapeDataString(back)}");
            var result = await signIn.PasswordSignInAsync(userName.Trim(), password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                log.LogInformation("User {UserName} signed in", userName);
                return Results.LocalRedirect(back);
            }
            var reason = result.IsLockedOut ? "locked" : "invalid";
            log.LogWarning("Sign-in refused for {UserName}: {Reason}", userName, reason);
            if (result.IsLockedOut)
                await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), userName, "login.locked_out", userName, null));
            return Results.LocalRedirect($"{LoginPath}?error={reason}&returnUrl={Uri.EscapeDataString(back)}");
        }).AllowAnonymous();

        // No form fields to bind, so nothing would refuse a missing token: it is checked here (another site must not sign
        // our user out), whatever the content type. The metadata says so to the antiforgery middleware and the tests.
        group.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn) =>
        {
            // The middleware validated a form post already (and the form may not be read again); anything else is checked here.
            var valid = http.Features.Get<IAntiforgeryValidationFeature>() is { } validated
                ? validated.IsValid
                : await antiforgery.IsRequestValidAsync(http);
            if (!valid)
                return Results.BadRequest();
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        group.MapPost("/password", async ([FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmPassword,
            HttpContext http, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, IAuditLog audit, TimeProvider time) =>
        {
            var user = await users.GetUserAsync(http.User);
            if (user is null) return Results.LocalRedirect(LoginPath);
            if (string.IsNullOrEmpty(newPassword) || newPassword != confirmPassword)
                return Results.LocalRedirect("/account/password?error=" + Uri.EscapeDataString("The new passwords do not match."));
            var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword);
            if (!changed.Succeeded)
                return Results.LocalRedirect("/account/password?error=" + Uri.EscapeDataString(string.Join(" ", changed.Errors.Select(e => e.Description))));
            await signIn.RefreshSignInAsync(user);
            await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), user.UserName ?? "?", "password.changed", user.UserName ?? "?", null));
            return Results.LocalRedirect("/account/password?changed=1");
        });
        return app;
    }

    /// <summary>Only local paths: an open redirect after sign-in is a phishing tool.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : "/";

}
