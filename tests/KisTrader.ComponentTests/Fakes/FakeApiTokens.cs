using System.Security.Claims;
using KisTrader.Core.Security;
using KisTrader.Web.Security;

namespace KisTrader.ComponentTests;

/// <summary>The Account page's API tokens port: each user's tokens in memory, issued with the real token format.</summary>
public sealed class FakeApiTokens(TimeProvider time) : IApiTokens
{
    public List<ApiTokenInfo> Tokens { get; } = [];
    public List<string> Issued { get; } = [];

    public Task<IReadOnlyList<ApiTokenInfo>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ApiTokenInfo>>([.. Tokens.Where(t => t.UserId == user.Identity!.Name).OrderByDescending(t => t.Id)]);

    public Task<ApiTokenService.Created> IssueAsync(ClaimsPrincipal user, string? name, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name)) return Task.FromResult(new ApiTokenService.Created(false, "Give the token a name (what will use it).", null, null));
        var token = ApiTokens.Create();
        var info = new ApiTokenInfo(Tokens.Count + 1, user.Identity!.Name!, name.Trim(), token.Prefix, time.GetUtcNow(), null, null);
        Tokens.Add(info);
        Issued.Add(token.Token);
        return Task.FromResult(new ApiTokenService.Created(true, "Copy the token now: it is shown only once.", token.Token, info));
    }

    public Task<bool> RevokeAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var i = Tokens.FindIndex(t => t.Id == id && t.UserId == user.Identity!.Name && t.IsActive);
        if (i < 0) return Task.FromResult(false);
        Tokens[i] = Tokens[i] with { RevokedAt = time.GetUtcNow() };
        return Task.FromResult(true);
    }
}
