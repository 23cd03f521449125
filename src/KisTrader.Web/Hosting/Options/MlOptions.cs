using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

/// <summary>The live ML signal (<see cref="Ml.MlSignalServices"/>): whether the market analysis is scored by the active
/// model of <see cref="Signal"/>, and how old a ticker's stored history may be for it to be scored.</summary>
[OptionsSection("Ml")]
public sealed class MlOptions
{
    /// <summary>False: no scoring at all (every ml_prob absent; a rule or Trading:Rules:MinMlProbability that needs it
    /// then never passes).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The registry signal whose active version scores the analysis (what <c>train</c> registers: up5d-1pct).</summary>
    [Required(ErrorMessage = "must name a model registry signal, e.g. up5d-1pct")]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "must be 1-64 letters, digits, '.', '_' or '-', e.g. up5d-1pct")]
    public string Signal { get; set; } = "up5d-1pct";

    /// <summary>Calendar days a ticker's last stored session may lie before the last closed day and still be scored.</summary>
    [Range(1, 60, ErrorMessage = "must be between 1 and 60 (calendar days)")]
    public int MaxHistoryAgeDays { get; set; } = Core.Ml.Live.LiveFeatures.DefaultMaxHistoryAgeDays;
}
