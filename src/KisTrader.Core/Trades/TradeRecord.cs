namespace KisTrader.Core.Trades;

/// <summary>
/// One executed trade with everything the reflection graph learns from: why it was made, the
/// market at that moment and the portfolio before it, and how it turned out after 7 and 30 days.
/// </summary>
public sealed record TradeRecord
{
    /// <summary>Stable id; recording the same trade twice (after a crash) is idempotent on it.</summary>
    public required string TradeId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    /// <summary>When the order behind the trade was created, to the tick of our clock (null on rows recorded before it
    /// was kept). Fill times come to the second (KIS notices say HHmmss), so trades filled in the same second are put in
    /// the order they were decided by this, not by their random ids.</summary>
    public DateTimeOffset? OrderedAt { get; init; }
    /// <summary>6-character KRX short code, e.g. 005930.</summary>
    public required string Ticker { get; init; }
    public required TradeAction Action { get; init; }
    public required long Quantity { get; init; }
    /// <summary>Average fill price in KRW.</summary>
    public required decimal Price { get; init; }
    public required string JustificationText { get; init; }
    /// <summary>JSON object: the market at the moment of the decision.</summary>
    public required string MarketSnapshot { get; init; }
    /// <summary>JSON object: the portfolio before the trade.</summary>
    public required string PortfolioBefore { get; init; }
    /// <summary>Net P&amp;L in KRW 7 trading days later; null until known.</summary>
    public decimal? Pnl7Days { get; init; }
    /// <summary>Net P&amp;L in KRW 30 trading days later; null until known.</summary>
    public decimal? Pnl30Days { get; init; }
    /// <summary>The ML signal's probability (0..1) for the ticker when the order was decided; null when no model scored
    /// it (or the trade was recorded before it was kept).</summary>
    public decimal? MlProbability { get; init; }
    /// <summary>The model that gave <see cref="MlProbability"/>, "signal vN" (e.g. "up5d-1pct v3"); null when none did.</summary>
    public string? MlModelVersion { get; init; }

    public static string NewId() => Guid.NewGuid().ToString("N");
}
