using KisTrader.Core.Market;
using KisTrader.Kis;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Rest;
using Microsoft.Extensions.Logging;

namespace KisTrader.Tests.Kis.TestSupport;

/// <summary>Builds clients against a scripted server with short retry delays. Each client gets its own app key
/// (the rate limiter is shared per key in the process) unless a test shares one on purpose.</summary>
public sealed class KisTestClient
{
    public const string AppSecret = "secret-0123456789-abcdefghij-SECRET";
    public const string Account = "50001234";

    public required ScriptedKisServer Server { get; init; }
    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "kistrader-tests", Guid.NewGuid().ToString("N"));
    public ISecretProtector Protector { get; init; } = new TestSecretProtector();
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public KisEnvironmentKind Environment { get; init; } = KisEnvironmentKind.Simulator;
    public string AppKey { get; init; } = "appkey-" + Guid.NewGuid().ToString("N");
    public bool Legacy { get; init; }
    public bool UseHashKey { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public double RequestsPerSecond { get; init; } = 1000;
    public TickCache Ticks { get; init; } = new();
    public ILoggerFactory Loggers { get; init; } = new CapturingLoggerFactory();
    public KisStatus Status { get; } = new();

    internal KisResilienceSettings Settings { get; init; } = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        MinimumThroughput = 1000,
        RateLimitBurst = 1000,
    };

    public KisClientOptions Options => new()
    {
        Environment = Environment,
        AppKey = AppKey,
        AppSecret = AppSecret,
        AccountNumber = Account,
        AccountProductCode = "01",
        RestBaseUrl = Server.BaseUrl,
        RequestsPerSecond = RequestsPerSecond,
        UseLegacyOrderTrIds = Legacy,
        UseHashKey = UseHashKey,
        TokenCacheDirectory = CacheDirectory,
        RequestTimeout = RequestTimeout,
    };

    public KisClient Create() => new(Options, Protector, Time, Loggers, Status, Ticks, null, Settings);
}
