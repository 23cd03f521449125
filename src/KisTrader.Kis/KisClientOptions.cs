namespace KisTrader.Kis;

/// <summary>Everything the client needs, already validated by the host. Secrets live only here and in memory.</summary>
public sealed class KisClientOptions
{
    public KisEnvironmentKind Environment { get; init; } = KisEnvironmentKind.Simulator;
    public required string AppKey { get; init; }
    public required string AppSecret { get; init; }
    /// <summary>8-digit CANO.</summary>
    public required string AccountNumber { get; init; }
    /// <summary>2-digit ACNT_PRDT_CD, "01" for a stock account.</summary>
    public string AccountProductCode { get; init; } = "01";
    /// <summary>HTS id: the tr_key of the execution-notice subscription. Without it no notices are subscribed.</summary>
    public string? HtsId { get; init; }
    /// <summary>REST base URL; defaults to the KIS host of the environment (required for Simulator).</summary>
    public Uri? RestBaseUrl { get; init; }
    /// <summary>WebSocket URL including the path (e.g. ws://host:31000/tryitout).</summary>
    public Uri? WebSocketUrl { get; init; }
    /// <summary>Client-side REST limit per app key; null = environment default (real 18/s, paper 1/s, simulator 20/s).</summary>
    public double? RequestsPerSecond { get; init; }
    /// <summary>Use the pre-2024 order TR IDs (TTTC0802U/0801U/0803U, TTTC8001R...).</summary>
    public bool UseLegacyOrderTrIds { get; init; }
    /// <summary>Fetch a hashkey for every order POST and send it in the hashkey header.</summary>
    public bool UseHashKey { get; init; }
    /// <summary>No realtime data for this long while the market is open marks the feed stale.</summary>
    public TimeSpan StaleFeedAfter { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Where the encrypted access-token cache is kept.</summary>
    public required string TokenCacheDirectory { get; init; }
    /// <summary>Timeout of one REST attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>When the feed counts as "market open" for the staleness watchdog; null = the KRX regular session on weekdays (Realtime.KrxSessionHours).</summary>
    public Func<DateTimeOffset, bool>? IsMarketOpen { get; init; }

    /// <summary>Told every secret the client obtains at run time (access tokens, approval keys) so the host's
    /// log redactor masks them too.</summary>
    public Action<string>? OnSecretObtained { get; init; }

    public string FullAccountNumber => AccountNumber + AccountProductCode;

    public double EffectiveRequestsPerSecond => RequestsPerSecond ?? Environment switch
    {
        KisEnvironmentKind.Real => 18,
        KisEnvironmentKind.Paper => 1,
        _ => 20,
    };

    public bool IsPaper => Environment != KisEnvironmentKind.Real;
}
