using KisTrader.Core.Market;
using KisTrader.Kis.Dto;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis.Auth;

/// <summary>
/// The access token of one app key (KIS_API.md §2.1, §8.3): loaded from the encrypted cache, refreshed 10 minutes
/// before it expires, issued at most once a minute (the caller WAITS for the next allowed minute rather than fail,
/// and the last issue time survives restarts through the cache), one in-flight issue shared by concurrent callers,
/// and on EGW00133 the minute is waited out and the issue retried.
/// </summary>
internal sealed class AccessTokenProvider
{
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinIssueInterval = TimeSpan.FromMinutes(1);
    private const int MaxIssueAttempts = 4;

    private readonly object _gate = new();
    private readonly KisOAuthClient _oauth;
    private readonly KisClientOptions _options;
    private readonly TokenCacheFile _cache;
    private readonly TimeProvider _time;
    private readonly KisStatus _status;
    private readonly ILogger _logger;
    private AccessToken? _current;
    private DateTimeOffset? _lastIssueAt;
    private Task<AccessToken>? _inflight;
    private bool _loaded;

    public AccessTokenProvider(KisOAuthClient oauth, KisClientOptions options, TokenCacheFile cache, TimeProvider time, KisStatus status, ILogger logger)
    {
        _oauth = oauth;
        _options = options;
        _cache = cache;
        _time = time;
        _status = status;
        _logger = logger;
    }

    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        Task<AccessToken> issue;
        lock (_gate)
        {
            LoadCacheOnce();
            var now = _time.GetUtcNow();
            if (_current is { } fresh && now < fresh.ExpiresAt - RefreshBeforeExpiry)
                return fresh.Token;
            // Due for refresh but still valid, and a new one may not be issued yet: keep using it.
            if (_current is { } valid && now < valid.ExpiresAt && NextIssueAllowedAt() > now && _inflight is null)
                return valid.Token;
            // One issue for everyone; it is not cancelled by any one caller.
            issue = _inflight ??= Task.Run(IssueAsync, CancellationToken.None);
        }
        var token = await issue.WaitAsync(ct).ConfigureAwait(false);
        return token.Token;
    }

    /// <summary>KIS refused <paramref name="token"/> (EGW00121/00123): forget it unless a newer one replaced it already.</summary>
    public void Invalidate(string token)
    {
        lock (_gate)
        {
            if (_current?.Token != token) return;
            _cache.Save(new TokenCacheFile.Entry(null, _current.ExpiresAt, _current.IssuedAt));
            _current = null;
        }
        _logger.LogInformation("KIS rejected the access token; a new one will be issued.");
    }

    private DateTimeOffset NextIssueAllowedAt() => _lastIssueAt is { } last ? last + MinIssueInterval : DateTimeOffset.MinValue;

    private void LoadCacheOnce()
    {
        if (_loaded) return;
        _loaded = true;
        if (_cache.Load() is not { } entry) return;
        _lastIssueAt = entry.IssuedAt;
        if (entry.Token is { Length: > 0 } token && entry.ExpiresAt > _time.GetUtcNow())
        {
            _current = new AccessToken(token, entry.ExpiresAt, entry.IssuedAt);
            SetStatus(_current, countIssue: false);
            _logger.LogInformation("Using the cached KIS access token (expires {Expiry} KST).", KoreaTime.Format(entry.ExpiresAt));
        }
    }

    private async Task<AccessToken> IssueAsync()
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                DateTimeOffset wait;
                lock (_gate)
                    wait = NextIssueAllowedAt();
                var delay = wait - _time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    _logger.LogInformation("Waiting {Seconds:0.#} s before issuing a KIS access token (one per minute per app key).", delay.TotalSeconds);
                    await Task.Delay(delay, _time).ConfigureAwait(false);
                }

                var issuedAt = _time.GetUtcNow();
                lock (_gate)
                    _lastIssueAt = issuedAt; // every attempt counts against the per-minute limit
                try
                {
                    var body = await _oauth.PostAsync(OAuthDto.TokenPath, "tokenP", OAuthDto.TokenRequest(_options.AppKey, _options.AppSecret), withAppHeaders: false, CancellationToken.None)
                        .ConfigureAwait(false);
                    var token = OAuthDto.ParseToken(body, issuedAt);
                    lock (_gate)
                    {
                        _current = token;
                        _cache.Save(new TokenCacheFile.Entry(token.Token, token.ExpiresAt, token.IssuedAt));
                        SetStatus(token, countIssue: true);
                    }
                    _logger.LogInformation("Issued a KIS access token (expires {Expiry} KST).", KoreaTime.Format(token.ExpiresAt));
                    return token;
                }
                catch (KisApiException ex) when (ex.MsgCd == "EGW00133" && attempt < MaxIssueAttempts)
                {
                    // Issued elsewhere within the minute (another process or a restart): wait it out and try again.
                    // _lastIssueAt is this attempt, so the next turn of the loop waits the minute out.
                    _logger.LogWarning("KIS refused a token issue within a minute of the last (EGW00133); waiting a minute.");
                }
            }
        }
        finally
        {
            lock (_gate)
                _inflight = null;
        }
    }

    private void SetStatus(AccessToken token, bool countIssue)
    {
        _options.OnSecretObtained?.Invoke(token.Token);
        _status.TokenIssuedAt = token.IssuedAt;
        _status.TokenExpiresAt = token.ExpiresAt;
        if (countIssue) _status.TokenIssues++;
    }
}
