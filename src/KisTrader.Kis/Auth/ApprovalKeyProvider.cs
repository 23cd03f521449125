using KisTrader.Kis.Dto;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis.Auth;

/// <summary>
/// The WebSocket approval key (POST /oauth2/Approval, §2.3). Kept in memory and reused until it is a day old
/// (its validity is undocumented; the official sample renews after 86 400 s) or the session asks for a new one.
/// </summary>
internal sealed class ApprovalKeyProvider(KisOAuthClient oauth, KisClientOptions options, TimeProvider time, ILogger logger) : IApprovalKeySource
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(23);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _key;
    private DateTimeOffset _issuedAt;

    public async Task<string> GetApprovalKeyAsync(bool forceNew, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!forceNew && _key is not null && time.GetUtcNow() - _issuedAt < Lifetime)
                return _key;
            var body = await oauth.PostAsync(OAuthDto.ApprovalPath, "Approval", OAuthDto.ApprovalRequest(options.AppKey, options.AppSecret), withAppHeaders: false, ct)
                .ConfigureAwait(false);
            _key = OAuthDto.ParseApprovalKey(body);
            options.OnSecretObtained?.Invoke(_key);
            _issuedAt = time.GetUtcNow();
            logger.LogInformation("Issued a KIS WebSocket approval key.");
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
