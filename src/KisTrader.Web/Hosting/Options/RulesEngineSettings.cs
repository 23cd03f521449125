using System.ComponentModel.DataAnnotations;
using KisTrader.Core.Decisions;

namespace KisTrader.Web.Hosting.Options;

/// <summary>Trading:Rules: the thresholds and sizing of the rules decision engine (defaults: <see cref="RulesEngineOptions"/>).
/// Validated by <see cref="TradingOptions"/>, so errors name the full key (Trading:Rules:…).</summary>
public sealed class RulesEngineSettings
{
    private static readonly RulesEngineOptions Defaults = new();

    public decimal OversoldRsi { get; set; } = Defaults.OversoldRsi;
    public decimal OverboughtRsi { get; set; } = Defaults.OverboughtRsi;
    public decimal VolumeSurgeRatio { get; set; } = Defaults.VolumeSurgeRatio;
    public decimal MomentumMinChangePercent { get; set; } = Defaults.MomentumMinChangePercent;
    public decimal MomentumMaxChangePercent { get; set; } = Defaults.MomentumMaxChangePercent;
    public decimal BreakoutMaxRsi { get; set; } = Defaults.BreakoutMaxRsi;
    public decimal TrendMinRsi { get; set; } = Defaults.TrendMinRsi;
    public decimal TrendMaxRsi { get; set; } = Defaults.TrendMaxRsi;
    public decimal StopLossPercent { get; set; } = Defaults.StopLossPercent;
    public decimal TakeProfitPercent { get; set; } = Defaults.TakeProfitPercent;
    public decimal BuyFractionOfEquity { get; set; } = Defaults.BuyFractionOfEquity;
    public int MaxBuysPerRun { get; set; } = Defaults.MaxBuysPerRun;
    /// <summary>Null (default): buys do not need the ML signal. 0..1: a buy needs the active model's probability at or above it.</summary>
    public decimal? MinMlProbability { get; set; } = Defaults.MinMlProbability;

    /// <summary>The engine's options; the weight cap and the cash reserve come from the Risk section so that the engine
    /// never sizes an order the risk engine must refuse.</summary>
    public RulesEngineOptions ToOptions(RiskOptions risk) => new()
    {
        OversoldRsi = OversoldRsi,
        OverboughtRsi = OverboughtRsi,
        VolumeSurgeRatio = VolumeSurgeRatio,
        MomentumMinChangePercent = MomentumMinChangePercent,
        MomentumMaxChangePercent = MomentumMaxChangePercent,
        BreakoutMaxRsi = BreakoutMaxRsi,
        TrendMinRsi = TrendMinRsi,
        TrendMaxRsi = TrendMaxRsi,
        StopLossPercent = StopLossPercent,
        TakeProfitPercent = TakeProfitPercent,
        BuyFractionOfEquity = BuyFractionOfEquity,
        MaxBuysPerRun = MaxBuysPerRun,
        MinMlProbability = MinMlProbability,
        MaxTickerWeightPercent = risk.MaxTickerWeightPercent,
        MinCashReservePercent = risk.MinCashReservePercent,
    };

    public IEnumerable<ValidationResult> Validate(string prefix)
    {
        ValidationResult Bad(string key, string message) => new(message, [$"{prefix}:{key}"]);
        foreach (var (key, value) in new[] { (nameof(OversoldRsi), OversoldRsi), (nameof(OverboughtRsi), OverboughtRsi),
                     (nameof(BreakoutMaxRsi), BreakoutMaxRsi), (nameof(TrendMinRsi), TrendMinRsi), (nameof(TrendMaxRsi), TrendMaxRsi) })
            if (value is < 0m or > 100m) yield return Bad(key, "must be an RSI between 0 and 100");
        if (TrendMinRsi > TrendMaxRsi) yield return Bad(nameof(TrendMinRsi), "must not be above Trading:Rules:TrendMaxRsi");
        if (VolumeSurgeRatio is < 0m or > 100m) yield return Bad(nameof(VolumeSurgeRatio), "must be between 0 and 100 (times normal volume)");
        if (MomentumMinChangePercent is < -30m or > 30m) yield return Bad(nameof(MomentumMinChangePercent), "must be between -30 and 30 (%)");
        if (MomentumMaxChangePercent is < -30m or > 30m) yield return Bad(nameof(MomentumMaxChangePercent), "must be between -30 and 30 (%)");
        if (MomentumMinChangePercent >= MomentumMaxChangePercent)
            yield return Bad(nameof(MomentumMinChangePercent), "must be below Trading:Rules:MomentumMaxChangePercent");
        if (StopLossPercent is >= 0m or < -30m) yield return Bad(nameof(StopLossPercent), "must be negative and at least -30 (%)");
        if (TakeProfitPercent is <= 0m or > 300m) yield return Bad(nameof(TakeProfitPercent), "must be positive and at most 300 (%)");
        if (BuyFractionOfEquity is <= 0m or > 1m) yield return Bad(nameof(BuyFractionOfEquity), "must be greater than 0 and at most 1 (a share of equity)");
        if (MinMlProbability is < 0m or > 1m) yield return Bad(nameof(MinMlProbability), "must be a probability between 0 and 1, or empty to not require the ML signal");
        if (MaxBuysPerRun is < 0 or > 40) yield return Bad(nameof(MaxBuysPerRun), "must be between 0 and 40");
    }
}
