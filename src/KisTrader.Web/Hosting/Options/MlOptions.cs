using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

/// <summary>The ML signal's continuous learning: the weekly retraining (<see cref="Training"/>) and the drift check
/// (<see cref="Drift"/>). Mapped to the Core options in <see cref="Ml.ModelTrainingServices"/>; the promotion margins are
/// the "ModelPromotion" section's.</summary>
[OptionsSection("Ml")]
public sealed class MlOptions : IValidatableObject
{
    public MlTrainingOptions Training { get; set; } = new();

    public MlDriftOptions Drift { get; set; } = new();

    // Nested sections are not validated by the attribute validator: each names its keys under its own prefix.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Nested(nameof(Training), Training).Concat(Nested(nameof(Drift), Drift));

    private static IEnumerable<ValidationResult> Nested(string prefix, object section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
        return results.Select(r => new ValidationResult(r.ErrorMessage, [.. (r.MemberNames.Any() ? r.MemberNames : [""]).Select(m => $"{prefix}:{m}")]));
    }
}

/// <summary>"Ml:Training": the weekly retraining on the latest window, and what the Models page and <c>train</c> share.</summary>
public sealed class MlTrainingOptions : IValidatableObject
{
    /// <summary>Retrain on <see cref="Schedule"/> (the Models page and the command line work either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron line in KST (seconds first): Sunday 21:00, an hour after the weekly reflection's default (Sunday 20:00).</summary>
    public string Schedule { get; set; } = "0 0 21 ? * SUN";

    /// <summary>Sessions of the latest window a retraining uses (about two years by default).</summary>
    [Range(60, 5000, ErrorMessage = "must be between 60 and 5000 sessions")]
    public int WindowSessions { get; set; } = 500;

    /// <summary>The trainers a run of "all" trains, comma-separated: lr, rf, lgbm.</summary>
    public string Trainers { get; set; } = "lr,rf,lgbm";

    /// <summary>The label: sessions ahead (default <see cref="Core.Ml.Labels.LabelSpec.DefaultHorizon"/>).</summary>
    [Range(1, 250, ErrorMessage = "must be between 1 and 250 sessions")]
    public int LabelHorizon { get; set; } = Core.Ml.Labels.LabelSpec.DefaultHorizon;

    /// <summary>The label: the net return to beat, as a fraction (0.01 = 1%).</summary>
    [Range(0.0, 0.99, ErrorMessage = "must be a return between 0 and 0.99 (0.01 = 1%)")]
    public decimal LabelThreshold { get; set; } = Core.Ml.Labels.LabelSpec.DefaultThreshold;

    /// <summary>Put the best new candidate to the promotion rule after each run (false: candidates wait for an admin).</summary>
    public bool AutoPromote { get; set; } = true;

    public IReadOnlyList<string> TrainerNames =>
        [.. Trainers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Scheduling.CronSchedule.TryParse(Schedule, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(Schedule), [nameof(Schedule)]);
        var names = TrainerNames;
        if (names.Count == 0 || names.Any(n => !KisTrader.Ml.Retraining.ModelTrainingOptions.Known.Contains(n)))
            yield return new ValidationResult($"must list trainers among lr, rf, lgbm, comma-separated (got '{Trainers}')", [nameof(Trainers)]);
    }
}

/// <summary>"Ml:Drift": the daily check of the active model's features against its training window.</summary>
public sealed class MlDriftOptions : IValidatableObject
{
    /// <summary>Check on <see cref="Schedule"/> (each retraining checks too).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron line in KST (seconds first): 16:10 on weekdays, half an hour after the history collection's default (15:40).</summary>
    public string Schedule { get; set; } = "0 10 16 ? * MON-FRI";

    /// <summary>Recent sessions of the watchlist and holdings compared with the training window.</summary>
    [Range(5, 250, ErrorMessage = "must be between 5 and 250 sessions")]
    public int RecentSessions { get; set; } = 60;

    /// <summary>A feature whose population stability index exceeds this raises the drift alert (0.25: the usual "drifted").</summary>
    [Range(0.01, 10.0, ErrorMessage = "must be between 0.01 and 10 (PSI; 0.25 is the usual threshold)")]
    public double AlertPsi { get; set; } = 0.25;

    /// <summary>Features reported but never alerted on, comma-separated (the calendar ones by default: a few weeks always
    /// hold one or two months where the training window holds all twelve).</summary>
    public string IgnoreFeatures { get; set; } = "day_of_week,month,day_of_month";

    public IReadOnlyList<string> IgnoredFeatureNames =>
        [.. IgnoreFeatures.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Scheduling.CronSchedule.TryParse(Schedule, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(Schedule), [nameof(Schedule)]);
        var columns = Core.Ml.Features.DailyFeatures.SchemaV1.Columns;
        if (IgnoredFeatureNames.FirstOrDefault(f => !columns.Contains(f)) is { } unknown)
            yield return new ValidationResult($"'{unknown}' is not a feature of {Core.Ml.Features.DailyFeatures.SchemaV1.Id}", [nameof(IgnoreFeatures)]);
    }
}
