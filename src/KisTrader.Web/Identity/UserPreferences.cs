using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Identity;

/// <summary>What a signed-in user chose for the dashboard's look, kept on the server so it follows the user to any browser.</summary>
public interface IUserPreferences
{
    /// <summary>True when the user chose the dark theme; false for the light theme, for unknown users and when signed out.</summary>
    Task<bool> IsDarkModeAsync(ClaimsPrincipal user, CancellationToken ct = default);

    Task SetDarkModeAsync(ClaimsPrincipal user, bool dark, CancellationToken ct = default);
}

/// <summary>
/// The theme as an Identity user claim (AspNetUserClaims): no new table or migration, removed with the user. Read from the
/// store, not the cookie, so a change shows on the user's other tabs at their next page without signing in again. Each
/// call opens its own scope: a circuit's layout and page may read Identity at the same time, and one DbContext must not.
/// </summary>
public sealed class IdentityUserPreferences(IServiceScopeFactory scopes) : IUserPreferences
{
    public const string ThemeClaim = "kistrader:theme";

    public async Task<bool> IsDarkModeAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is not { } name)
            return false;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByNameAsync(name) is not { } u)
            return false;
        var claims = await users.GetClaimsAsync(u);
        return claims.Any(c => c.Type == ThemeClaim && c.Value == "dark");
    }

    public async Task SetDarkModeAsync(ClaimsPrincipal user, bool dark, CancellationToken ct = default)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is not { } name)
            throw new UnauthorizedAccessException("Sign in first.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var u = await users.FindByNameAsync(name) ?? throw new InvalidOperationException($"No user '{name}'.");
        var old = (await users.GetClaimsAsync(u)).Where(c => c.Type == ThemeClaim).ToList();
        if (old.Count > 0)
            Check(await users.RemoveClaimsAsync(u, old));
        Check(await users.AddClaimAsync(u, new Claim(ThemeClaim, dark ? "dark" : "light")));
    }

    private static void Check(IdentityResult r)
    {
        if (!r.Succeeded)
            throw new InvalidOperationException("Saving the theme failed: " + string.Join(" ", r.Errors.Select(e => e.Description)));
    }
}
