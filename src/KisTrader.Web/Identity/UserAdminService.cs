using System.Security.Claims;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Identity;

public sealed record UserSummary(string Id, string UserName, string Role, bool LockedOut, DateTimeOffset? LockoutEnd);

public sealed record UserAdminResult(bool Succeeded, string Message)
{
    public static UserAdminResult Ok(string message) => new(true, message);
    public static UserAdminResult Fail(string message) => new(false, message);
}

/// <summary>What the Users page needs: list, create, unlock. Each call checks the caller's role itself.</summary>
public interface IUserAdmin
{
    Task<IReadOnlyList<UserSummary>> ListAsync(ClaimsPrincipal caller);
    Task<UserAdminResult> CreateAsync(ClaimsPrincipal caller, string userName, string password, string role);
    Task<UserAdminResult> UnlockAsync(ClaimsPrincipal caller, string userName);
}

/// <summary>
/// User administration. Every action checks the caller is an Admin here, on the server, whatever
/// the page showed, and writes the audit log.
/// </summary>
public sealed class UserAdminService(UserManager<IdentityUser> users, IAuditLog audit, TimeProvider time) : IUserAdmin
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(ClaimsPrincipal caller)
    {
        RequireSignedIn(caller);
        var result = new List<UserSummary>();
        foreach (var u in users.Users.OrderBy(u => u.UserName).ToList())
        {
            var roles = await users.GetRolesAsync(u);
            var locked = u.LockoutEnd is { } end && end > time.GetUtcNow();
            result.Add(new UserSummary(u.Id, u.UserName ?? "", roles.Contains(Roles.Admin) ? Roles.Admin : Roles.Viewer, locked, u.LockoutEnd));
        }
        return result;
    }

    public async Task<UserAdminResult> CreateAsync(ClaimsPrincipal caller, string userName, string password, string role)
    {
        RequireAdmin(caller);
        // Before any lookup or hashing: the page and the API share these limits (InputLimits).
        if (InputLimits.Collect(CheckNewUser(userName, password, role)) is { Count: > 0 } invalid) return UserAdminResult.Fail(string.Join("; ", invalid));
        if (!Roles.All.Contains(role)) return UserAdminResult.Fail($"Unknown role '{role}'.");
        if (await users.FindByNameAsync(userName) is not null) return UserAdminResult.Fail($"User '{userName}' already exists.");
        var user = new IdentityUser(userName.Trim()) { EmailConfirmed = true, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return UserAdminResult.Fail(Describe(created));
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return UserAdminResult.Fail(Describe(added));
        }
        await Audit(caller, "user.created", user.UserName!, $"role {role}");
        return UserAdminResult.Ok($"Created {role} '{user.UserName}'.");
    }

    public async Task<UserAdminResult> UnlockAsync(ClaimsPrincipal caller, string userName)
    {
        RequireAdmin(caller);
        var user = await users.FindByNameAsync(userName);
        if (user is null) return UserAdminResult.Fail($"No user '{userName}'.");
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await Audit(caller, "user.unlocked", userName, null);
        return UserAdminResult.Ok($"Unlocked '{userName}'.");
    }

    /// <summary>The limits on a new user's fields, named as the API names them (null = that field passed).</summary>
    public static InputError?[] CheckNewUser(string? userName, string? password, string? role) =>
        [InputLimits.Name("userName", userName), InputLimits.Password("password", password), InputLimits.Name("role", role)];

    private Task Audit(ClaimsPrincipal caller, string action, string target, string? details) =>
        audit.WriteAsync(new AuditEntry(time.GetUtcNow(), caller.Identity?.Name ?? "?", action, target, details));

    private static void RequireSignedIn(ClaimsPrincipal caller)
    {
        if (caller.Identity?.IsAuthenticated != true) throw new UnauthorizedAccessException("Sign in first.");
    }

    private static void RequireAdmin(ClaimsPrincipal caller)
    {
        RequireSignedIn(caller);
        if (!caller.IsInRole(Roles.Admin)) throw new UnauthorizedAccessException("Only an Admin can do this.");
    }

    private static string Describe(IdentityResult r) => string.Join(" ", r.Errors.Select(e => e.Description));
}
