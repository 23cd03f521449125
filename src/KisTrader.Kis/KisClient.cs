using KisTrader.Core.Market;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Rest;
using Microsoft.Extensions.Logging;

namespace KisTrader.Kis;

/// <summary>
/// The KIS client as the web app composes it: one HttpClient (SocketsHttpHandler with a pooled-connection lifetime,
/// so DNS changes are picked up), one token provider with its encrypted cache, the per-app-key rate limiter, and the
/// adapters implementing the Core ports.
/// </summary>
public sealed class KisClient : IAsyncDisposable
{
    private readonly HttpClient _http;

    public KisClient(KisClientOptions options, ISecretProtector protector, TimeProvider time, ILoggerFactory loggers, KisStatus status, TickCache ticks, HttpMessageHandler? handler = null)
        : this(options, protector, time, loggers, status, ticks, handler, new KisResilienceSettings())
    {
    }

    internal KisClient(KisClientOptions options, ISecretProtector protector, TimeProvider time, ILoggerFactory loggers, KisStatus status, TickCache ticks,
        HttpMessageHandler? handler, KisResilienceSettings settings)
    {
        Validate(options);
        Options = options;
        Status = status;
        status.RateLimitPerSecond = options.EffectiveRequestsPerSecond;

        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RequestTimeout,
        }, disposeHandler: handler is null)
        {
            BaseAddress = KisHosts.RestBaseFor(options),
            Timeout = Timeout.InfiniteTimeSpan, // the per-attempt timeout runs on the injected clock
        };

        var limiter = KisRateLimiter.ForAppKey(options.AppKey, options.EffectiveRequestsPerSecond, settings.RateLimitBurst, time);
        var wire = new KisHttp(_http, limiter, options.RequestTimeout, time, status);
        var oauth = new KisOAuthClient(wire, options);
        var cache = new TokenCacheFile(options.TokenCacheDirectory, options.Environment, options.AppKey, protector, loggers.CreateLogger<TokenCacheFile>());
        Tokens = new AccessTokenProvider(oauth, options, cache, time, status, loggers.CreateLogger<AccessTokenProvider>());
        ApprovalKeys = new ApprovalKeyProvider(oauth, options, time, loggers.CreateLogger<ApprovalKeyProvider>());
        var sender = new KisRestSender(wire, Tokens, new HashKeyClient(oauth), options, settings, loggers.CreateLogger<KisRestSender>());

        Api = new KisRestApi(sender, options, time);
        MarketData = new KisMarketData(Api, ticks);
        Account = new KisAccountReader(Api, time, new TradingCosts());
        Orders = new KisOrderRouter(Api);
    }

    public KisClientOptions Options { get; }
    public KisStatus Status { get; }
    /// <summary>The typed REST functions behind the adapters.</summary>
    public KisRestApi Api { get; }
    public KisMarketData MarketData { get; }
    public KisAccountReader Account { get; }
    public KisOrderRouter Orders { get; }
    /// <summary>For the realtime session: asked on every (re)connect.</summary>
    public IApprovalKeySource ApprovalKeys { get; }
    internal AccessTokenProvider Tokens { get; }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Validate(KisClientOptions options)
    {
        // Messages name the setting, never its value.
        if (string.IsNullOrWhiteSpace(options.AppKey)) throw new ArgumentException("Kis:AppKey is required.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.AppSecret)) throw new ArgumentException("Kis:AppSecret is required.", nameof(options));
        if (options.AccountNumber is not { Length: 8 } || !options.AccountNumber.All(char.IsAsciiDigit))
            throw new ArgumentException("Kis:AccountNumber must be the 8-digit CANO.", nameof(options));
        if (options.AccountProductCode is not { Length: 2 }) throw new ArgumentException("Kis:AccountProductCode must be 2 digits.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.TokenCacheDirectory)) throw new ArgumentException("Kis:TokenCacheDirectory is required.", nameof(options));
        if (options.EffectiveRequestsPerSecond <= 0) throw new ArgumentException("Kis:RequestsPerSecond must be positive.", nameof(options));
        if (options.RequestTimeout <= TimeSpan.Zero) throw new ArgumentException("Kis:RequestTimeout must be positive.", nameof(options));
    }
}
