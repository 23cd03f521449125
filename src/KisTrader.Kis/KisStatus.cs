using KisTrader.Core.Events;

namespace KisTrader.Kis;

/// <summary>Live health of the KIS connection for the System page. Written by the client, read by the UI; values are snapshots.</summary>
public sealed class KisStatus
{
    public KisEnvironmentKind Environment { get; init; }
    public Uri? RestBaseUrl { get; init; }
    public Uri? WebSocketUrl { get; init; }

    // Auth
    public DateTimeOffset? TokenIssuedAt { get; internal set; }
    public DateTimeOffset? TokenExpiresAt { get; internal set; }
    public int TokenIssues { get; internal set; }

    // REST
    public double RateLimitPerSecond { get; internal set; }
    /// <summary>Requests sent in the last full second.</summary>
    public int RequestsLastSecond { get; internal set; }
    public long RequestsTotal { get; internal set; }
    /// <summary>Requests sent so far per TR id (the token request under its own label): which calls the total is made of.</summary>
    public IReadOnlyDictionary<string, long> RequestsByTrId => new Dictionary<string, long>(_byTrId, StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _byTrId = new(StringComparer.Ordinal);
    internal void CountTrId(string trId) => _byTrId.AddOrUpdate(trId, 1, (_, n) => n + 1);
    /// <summary>Requests that had to wait for the client-side limiter.</summary>
    public long ThrottledRequests { get; internal set; }
    public long RetriedRequests { get; internal set; }
    public long FailedRequests { get; internal set; }
    public string? LastError { get; internal set; }
    public bool CircuitOpen { get; internal set; }

    // Realtime
    public FeedState FeedState { get; internal set; } = FeedState.Disconnected;
    public int SubscriptionCount { get; internal set; }
    public int SubscriptionLimit { get; internal set; } = 41;
    public DateTimeOffset? LastDataAt { get; internal set; }
    public int Reconnects { get; internal set; }
    public long FramesReceived { get; internal set; }
    public long MalformedFrames { get; internal set; }
}
