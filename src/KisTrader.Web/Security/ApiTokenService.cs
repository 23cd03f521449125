using System.Security.Claims;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using Microsoft.AspNetCore.Identity;

namespace KisTrader.Web.Security;

/// <summary>What the Account page asks of API tokens (the signed-in user's own).</summary>
public interface IApiTokens
{
    Task<IReadOnlyList<ApiTokenInfo>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default);

    /// <summary>A new token for <paramref name="user"/>; its text is in the result, once.</summary>
    Task<ApiTokenService.Created> IssueAsync(ClaimsPrincipal user, string? name, CancellationToken ct = default);

    /// <summary>False when the token is not the user's or was revoked already.</summary>
    Task<bool> RevokeAsync(ClaimsPrincipal user, long id, CancellationToken ct = default);
}

/// <summary>A signed-in user's own API tokens: create (the text is returned once), list, revoke. Creation and
/// revocation are written to the audit log; the text of a token is never logged or stored.</summary>
public sealed class ApiTokenService(IApiTokenStore store, UserManager<IdentityUser> users, IAuditLog audit, TimeProvider time) : IApiTokens
{
    public const string CreatedAction = "apitoken.created";
    public const string RevokedAction = "apitoken.revoked";

    /// <summary>At most this many active tokens per user: tokens are for a few scripts, not one per request.</summary>
    public const int MaxActivePerUser = 20;

    public sealed record Created(bool Succeeded, string Message, string? Token, ApiTokenInfo? Info);

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        await users.GetUserAsync(user) is { } u ? await store.ListAsync(u.Id, ct) : [];

    public async Task<Created> IssueAsync(ClaimsPrincipal user, string? name, CancellationToken ct = default)
    {
        var owner = await users.GetUserAsync(user);
        if (owner is null) return new(false, "Sign in again.", null, null);
        name = name?.Trim() ?? "";
        if (name.Length == 0) return new(false, "Give the token a name (what will use it).", null, null);
        if (name.Length > ApiTokens.MaxNameLength) return new(false, $"The name may have at most {ApiTokens.MaxNameLength} characters.", null, null);
        if (name.Any(char.IsControl)) return new(false, "The name may not contain control characters.", null, null);
        if ((await store.ListAsync(owner.Id, ct)).Count(t => t.IsActive) >= MaxActivePerUser)
            return new(false, $"You have {MaxActivePerUser} active tokens: revoke one first.", null, null);

        var token = ApiTokens.Create();
        var now = time.GetUtcNow();
        var info = await store.AddAsync(owner.Id, name, token.Prefix, token.Hash, now, ct);
        await audit.WriteAsync(new AuditEntry(now, owner.UserName ?? "?", CreatedAction, $"{token.Prefix}… #{info.Id}", name), ct);
        return new(true, "Copy the token now: it is shown only once.", token.Token, info);
    }

    public async Task<bool> RevokeAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var owner = await users.GetUserAsync(user);
        if (owner is null) return false;
        var token = (await store.ListAsync(owner.Id, ct)).FirstOrDefault(t => t.Id == id);
        var now = time.GetUtcNow();
        if (token is null || !await store.RevokeAsync(owner.Id, id, now, ct)) return false;
        await audit.WriteAsync(new AuditEntry(now, owner.UserName ?? "?", RevokedAction, $"{token.Prefix}… #{id}", token.Name), ct);
        return true;
    }
}
