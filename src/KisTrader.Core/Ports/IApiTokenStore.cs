using KisTrader.Core.Security;

namespace KisTrader.Core.Ports;

/// <summary>API tokens by hash (table <c>api_tokens</c>). A revoked token stays listed, marked revoked, and never matches again.</summary>
public interface IApiTokenStore
{
    Task<ApiTokenInfo> AddAsync(string userId, string name, string prefix, string hash, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The user's tokens, newest first, revoked ones included.</summary>
    Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string userId, CancellationToken ct = default);

    /// <summary>The token with this hash unless it was revoked.</summary>
    Task<ApiTokenInfo?> FindActiveAsync(string hash, CancellationToken ct = default);

    /// <summary>Revokes the user's token <paramref name="id"/>; false when it is not theirs or was revoked already.</summary>
    Task<bool> RevokeAsync(string userId, long id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Records a use of the token (its last-used time).</summary>
    Task MarkUsedAsync(long id, DateTimeOffset at, CancellationToken ct = default);
}
