namespace KisTrader.Core.Decisions;

/// <summary>Thresholds and sizing of <see cref="RulesDecisionEngine"/>. Percentages are in percent (5 = 5%).</summary>
public sealed record RulesEngineOptions
{
    /// <summary>Buy when RSI(14) is below this and the price is above the 60-day average (oversold in an uptrend).</summary>
    public decimal OversoldRsi { get; init; } = 30m;
    /// <summary>Sell a held position when RSI(14) is above this.</summary>
    public decimal OverboughtRsi { get; init; } = 70m;
    /// <summary>Buy on a volume surge at least this many times normal with the price up at least <see cref="MomentumMinChangePercent"/>.</summary>
    public decimal VolumeSurgeRatio { get; init; } = 2m;
    public decimal MomentumMinChangePercent { get; init; } = 0.5m;
    /// <summary>Skip momentum entries already up this much today (chasing toward the upper limit).</summary>
    public decimal MomentumMaxChangePercent { get; init; } = 15m;
    /// <summary>A breakout buy also needs RSI(14) below this (not overextended).</summary>
    public decimal BreakoutMaxRsi { get; init; } = 75m;
    /// <summary>Trend momentum: price above SMA20 above SMA60, MACD above its signal, up today, RSI(14) in this band.</summary>
    public decimal TrendMinRsi { get; init; } = 50m;
    public decimal TrendMaxRsi { get; init; } = 70m;
    public decimal StopLossPercent { get; init; } = -5m;
    public decimal TakeProfitPercent { get; init; } = 10m;
    /// <summary>Each buy spends this share of total equity, floored to whole shares.</summary>
    public decimal BuyFractionOfEquity { get; init; } = 0.05m;
    /// <summary>Never buy a ticker already at or above this weight of equity; a buy is trimmed to stay under it.</summary>
    public decimal MaxTickerWeightPercent { get; init; } = 20m;
    /// <summary>Cash that buys leave untouched, in percent of equity.</summary>
    public decimal MinCashReservePercent { get; init; } = 10m;
    public int MaxBuysPerRun { get; init; } = 2;
    /// <summary>When set, a buy also needs the ML signal's probability (<see cref="Market.TickerAnalysis.MlProbability"/>)
    /// at or above this (0..1); a ticker without a probability (no active model) is not bought. Null: the signal is not
    /// required (exits never need it).</summary>
    public decimal? MinMlProbability { get; init; }
}
