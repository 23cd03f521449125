using System.Security.Claims;
using KisTrader.Web.Identity;

namespace KisTrader.ComponentTests;

/// <summary>The Users page's port: refuses non-admins the way the real service does.</summary>
public sealed class FakeUserAdmin : IUserAdmin
{
    public List<UserSummary> Users { get; } = [];
    public List<(string Caller, string UserName, string Role)> Created { get; } = [];
    public List<string> Unlocked { get; } = [];
    public string? FailWith { get; set; }

    public Task<IReadOnlyList<UserSummary>> ListAsync(ClaimsPrincipal caller) => Task.FromResult<IReadOnlyList<UserSummary>>([.. Users]);

    public Task<UserAdminResult> CreateAsync(ClaimsPrincipal caller, string userName, string password, string role)
    {
        if (!caller.IsInRole(Roles.Admin)) throw new UnauthorizedAccessException("Only an Admin can do this.");
        if (FailWith is { } f) return Task.FromResult(UserAdminResult.Fail(f));
        Created.Add((caller.Identity!.Name!, userName, role));
        Users.Add(new UserSummary(userName, userName, role, false, null));
        return Task.FromResult(UserAdminResult.Ok($"Created {role} '{userName}'."));
    }

    public Task<UserAdminResult> UnlockAsync(ClaimsPrincipal caller, string userName)
    {
        if (!caller.IsInRole(Roles.Admin)) throw new UnauthorizedAccessException("Only an Admin can do this.");
        Unlocked.Add(userName);
        var i = Users.FindIndex(u => u.UserName == userName);
        Users[i] = Users[i] with { LockedOut = false, LockoutEnd = null };
        return Task.FromResult(UserAdminResult.Ok($"Unlocked '{userName}'."));
    }
}
