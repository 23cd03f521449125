using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

/// <summary>The margins by which a retrained model must beat the active one, out of sample, to be promoted
/// (<see cref="Core.Ml.Registry.PromotionPolicy"/>). Mapped to the Core options in <see cref="Ml.ModelRegistryServices"/>.</summary>
[OptionsSection("ModelPromotion")]
public sealed class ModelPromotionOptions
{
    /// <summary>F1 points (0-1 scale) the candidate must gain: 0.01 = one point.</summary>
    [Range(0.0, 1.0, ErrorMessage = "must be between 0 and 1 (F1 points, 0.01 = one point)")]
    public double MinF1Gain { get; set; } = 0.01;

    /// <summary>Percentage points of return the candidate's gate must add in the gated backtest beyond what the active
    /// model's gate adds.</summary>
    [Range(0.0, 100.0, ErrorMessage = "must be between 0 and 100 percentage points")]
    public double MinBacktestExcessGainPercent { get; set; }
}
