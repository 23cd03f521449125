using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using Microsoft.AspNetCore.Antiforgery;
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
            UniformSignIn signIn, ILoggerFactory lf) =>
        {
            var back = SafeReturnUrl(returnUrl);
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
                return Results.LocalRedirect(LoginWithError(MissingError, back));
            // No account has a name or password beyond the limits: refused before any lookup or hashing, with the answer
            // every failure gets (it depends on the input only, so it tells nothing about accounts).
            // Spaces around the name are forgiven (a paste); control characters anywhere are not.
            var name = userName.Trim(' ');
            if ((InputLimits.Name(nameof(userName), name) ?? InputLimits.Password(nameof(password), password)) is { } invalid)
            {
                lf.CreateLogger(typeof(UniformSignIn)).LogWarning("Sign-in refused before any lookup: {Error}", invalid.ToString());
                return Results.LocalRedirect(LoginWithError(FailedError, back));
            }
            return await signIn.SignInAsync(name, password)
                ? Results.LocalRedirect(back)
                : Results.LocalRedirect(LoginWithError(FailedError, back));
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
            // Checked before Identity hashes anything (it verifies the current password first).
            var invalid = InputLimits.Collect(InputLimits.Password(nameof(currentPassword), currentPassword),
                InputLimits.Password(nameof(newPassword), newPassword), InputLimits.Password(nameof(confirmPassword), confirmPassword));
            if (invalid.Count > 0)
                return Results.LocalRedirect("/account/password?error=" + Uri.EscapeDataString(string.Join("; ", invalid)));
            if (newPassword != confirmPassword)
                return Results.LocalRedirect("/account/password?error=" + Uri.EscapeDataString("The new passwords do not match."));
            var changed = await users.ChangePasswordAsync(user, currentPassword!, newPassword!);
            if (!changed.Succeeded)
                return Results.LocalRedirect("/account/password?error=" + Uri.EscapeDataString(string.Join(" ", changed.Errors.Select(e => e.Description))));
            await signIn.RefreshSignInAsync(user);
            await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), user.UserName ?? "?", "password.changed", user.UserName ?? "?", null));
            return Results.LocalRedirect("/account/password?changed=1");
        });
        return app;
    }

    /// <summary>The login page's error for a blank field.</summary>
    public const string MissingError = "missing";
    /// <summary>The login page's one error for every refused sign-in: unknown user, wrong password, locked account.</summary>
    public const string FailedError = "invalid";

    private static string LoginWithError(string error, string back) => $"{LoginPath}?error={error}&returnUrl={Uri.EscapeDataString(back)}";

    /// <summary>Only a path on this site, else "/": an open redirect after sign-in is a phishing tool. Stricter than
    /// <c>LocalRedirect</c>'s own check (which throws, a 500, on what it refuses): no "//" or "/\" start (another host), no
    /// backslash or control character anywhere ("/\t/evil.com" is "//evil.com" to a browser that drops the tab).</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= InputLimits.ReturnUrlMaxLength && url[0] == '/'
        && (url.Length == 1 || url[1] is not ('/' or '\\'))
        && !url.Contains('\\') && !url.Any(InputLimits.IsHidden)
            ? url : "/";
}
