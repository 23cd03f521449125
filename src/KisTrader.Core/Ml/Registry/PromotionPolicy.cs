using System.Globalization;

namespace KisTrader.Core.Ml.Registry;

/// <summary>
/// The promotion rule: a candidate replaces the active model only if, out of sample, it beats it on F1 by at least
/// <see cref="PromotionOptions.MinF1Gain"/> and its gate adds at least <see cref="PromotionOptions.MinBacktestExcessGain"/>
/// more in the gated backtest, each difference also strictly positive (equal is not better). With no active model the
/// candidate must beat what is there without one: its majority-class baseline's F1 and the backtest without the gate.
/// An active model stored before it had a gated backtest counts as adding nothing (excess 0).
/// </summary>
public static class PromotionPolicy
{
    public static PromotionVerdict Decide(ModelVersion candidate, ModelVersion? active, PromotionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        var reasons = new List<PromotionReason>();
        if (candidate.Status != ModelStatus.Candidate)
            reasons.Add(new(PromotionRefusalCode.NotACandidate, $"{candidate.Label} is {ModelStatusNames.Of(candidate.Status)}: only a candidate is promoted (roll back to bring a retired version back)"));

        var (incumbentF1, f1Name) = active is null
            ? (candidate.Metrics.BaselineF1, "the majority-class baseline")
            : (active.Metrics.F1, active.Label);
        var f1Gain = candidate.Metrics.F1 - incumbentF1;
        reasons.Add(new(f1Gain > 0 && f1Gain >= options.MinF1Gain ? PromotionRefusalCode.None : PromotionRefusalCode.F1BelowMargin,
            $"F1 {F(candidate.Metrics.F1)} vs {F(incumbentF1)} for {f1Name} ({Signed(f1Gain)}; needs ≥ {F(options.MinF1Gain)} and > 0)"));

        if (candidate.Backtest is not { } backtest)
        {
            reasons.Add(new(PromotionRefusalCode.NoGatedBacktest, $"{candidate.Label} has no gated-backtest result"));
        }
        else
        {
            var (incumbentExcess, name) = active switch
            {
                null => (0.0, "the backtest without the gate"),
                { Backtest: null } => (0.0, $"{active.Label} (no gated backtest: counted as adding nothing)"),
                _ => (active.Backtest.Excess, active.Label),
            };
            var gain = backtest.Excess - incumbentExcess;
            reasons.Add(new(gain > 0 && gain >= options.MinBacktestExcessGain ? PromotionRefusalCode.None : PromotionRefusalCode.BacktestBelowMargin,
                $"gated backtest adds {Pct(backtest.Excess)} vs {Pct(incumbentExcess)} for {name} ({Pct(gain, signed: true)}; needs ≥ {Pct(options.MinBacktestExcessGain)} and > 0)"));
        }
        return new PromotionVerdict(reasons);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Signed(double v) => (v >= 0 ? "+" : "") + F(v);

    private static string Pct(double fraction, bool signed = false) =>
        (signed && fraction >= 0 ? "+" : "") + (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
