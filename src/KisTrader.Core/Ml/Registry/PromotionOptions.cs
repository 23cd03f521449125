namespace KisTrader.Core.Ml.Registry;

/// <summary>How much better a candidate must be than the active model, out of sample, to be promoted (configuration
/// section "ModelPromotion", bound and validated by the web project).</summary>
public sealed record PromotionOptions
{
    /// <summary>F1 points the candidate must gain over the active model (or, with none active, over its majority-class
    /// baseline): 0.01 = one point.</summary>
    public double MinF1Gain { get; init; } = 0.01;

    /// <summary>Return the candidate's gate must add over the active model's gate in the gated backtest, as a fraction
    /// (0.005 = half a percentage point). Compared as the excess over the same backtest without the gate, so two
    /// backtests over different windows are compared on what the gate added, not on the market.</summary>
    public double MinBacktestExcessGain { get; init; } = 0.0;
}
