using KisTrader.Core.Events;

namespace KisTrader.Core.Market;

/// <summary>What the market analysis found for one ticker. Indicator keys are lower-case names such as
/// "rsi14", "sma20", "sma60", "ema12", "macd", "macd_signal", "bb_upper", "bb_lower", "atr14", "obv", "vwap",
/// "return_5d_pct".</summary>
public sealed record TickerAnalysis(
    string Ticker,
    decimal Price,
    decimal ChangeRatePercent,
    long Volume,
    decimal TradeIntensity,
    // Today's volume against the average volume at this time of day (1 = normal).
    decimal VolumeSurgeRatio,
    IReadOnlyDictionary<string, decimal> Indicators,
    DateTimeOffset? LastTickAt)
{
    /// <summary>The active ML model's probability (0..1) that this ticker's net return over the signal's horizon beats
    /// its threshold (<see cref="MarketAnalysis.MlSignal"/>); null when no model is active, the signal is switched off
    /// or the features could not be computed.</summary>
    public decimal? MlProbability { get; init; }
}

/// <summary>An opportunity (volume surge, breakout) or a risk (sharp drop) the analysis flagged.</summary>
public sealed record MarketSignal(string Ticker, string Kind, string Description, decimal Strength);

/// <summary>The market as the decision sees it. When the feed is stale the analysis says so and the decision
/// must not trade on it (the risk engine refuses orders on stale data too).</summary>
public sealed record MarketAnalysis(
    DateTimeOffset TakenAt,
    FeedState Feed,
    bool Stale,
    string? StaleReason,
    IReadOnlyList<TickerAnalysis> Tickers,
    IReadOnlyList<MarketSignal> Opportunities,
    IReadOnlyList<MarketSignal> Risks,
    // -1 (fearful) .. +1 (greedy).
    decimal SentimentScore)
{
    /// <summary>The session state when the analysis was taken ("regular", "closing_auction", "closed", "always_open");
    /// null when not known.</summary>
    public string? Session { get; init; }

    /// <summary>The ML signal the tickers' <see cref="TickerAnalysis.MlProbability"/> answer (e.g. "up5d-1pct") and the
    /// registry version of the model that scored them; null when no model scored this analysis.</summary>
    public string? MlSignal { get; init; }
    public string? MlModelVersion { get; init; }

    public TickerAnalysis? Find(string ticker) => Tickers.FirstOrDefault(t => t.Ticker == ticker);

    /// <summary>Tickers beyond the watchlist and holdings that the broker's rankings proposed and the ML model scored high
    /// enough to be analysed this run (they are in <see cref="Tickers"/> too), with the ranking and rank they came from.</summary>
    public IReadOnlyList<Candidates.MarketCandidate> Candidates { get; init; } = [];

    /// <summary>How the candidates were found, or why there are none (switched off, rankings unavailable, no active
    /// model…); null when the run did not look for any (an event run, a backtest).</summary>
    public string? CandidateNote { get; init; }
}
