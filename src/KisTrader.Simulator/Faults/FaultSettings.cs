namespace KisTrader.Simulator;

/// <summary>Faults the simulator injects. Rates are probabilities per request (or per frame) between 0 and 1.</summary>
public sealed class FaultSettings
{
    /// <summary>Share of REST calls answered EGW00201 although under the rate limit.</summary>
    public double RateLimitErrorRate { get; set; }
    /// <summary>Share of REST calls answered HTTP 500 EGW00002.</summary>
    public double ServerErrorRate { get; set; }
    /// <summary>Added to every REST answer.</summary>
    public int LatencyMs { get; set; }
    /// <summary>The next N accepted orders are placed, then the connection is aborted without a response.</summary>
    public int DropNextOrderResponses { get; set; }
    /// <summary>Share of accepted orders whose response is dropped the same way.</summary>
    public double DropOrderResponseRate { get; set; }
    /// <summary>0 = never; else every WebSocket session is closed this often (host seconds).</summary>
    public int WebSocketDisconnectEverySeconds { get; set; }
    /// <summary>Share of realtime data frames replaced by a malformed frame.</summary>
    public double MalformedFrameRate { get; set; }
    /// <summary>While true no realtime data frames are sent (acks and PINGPONG still are).</summary>
    public bool SilenceFeed { get; set; }

    public FaultSettings Clone() => (FaultSettings)MemberwiseClone();

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Rate(double v, string key) { if (!(v >= 0 && v <= 1)) errors.Add($"{key} must be between 0 and 1"); }
        Rate(RateLimitErrorRate, nameof(RateLimitErrorRate));
        Rate(ServerErrorRate, nameof(ServerErrorRate));
        Rate(DropOrderResponseRate, nameof(DropOrderResponseRate));
        Rate(MalformedFrameRate, nameof(MalformedFrameRate));
        if (LatencyMs is < 0 or > 120_000) errors.Add($"{nameof(LatencyMs)} must be between 0 and 120000");
        if (DropNextOrderResponses < 0) errors.Add($"{nameof(DropNextOrderResponses)} must not be negative");
        if (WebSocketDisconnectEverySeconds < 0) errors.Add($"{nameof(WebSocketDisconnectEverySeconds)} must not be negative");
        return errors;
    }
}
