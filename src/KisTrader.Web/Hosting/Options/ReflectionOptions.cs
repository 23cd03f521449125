using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

/// <summary>The reflection graph: when it runs, what it looks at, and whether it may adopt rules by itself. Mapped to
/// the Core options in <see cref="Reflection.ReflectionServices"/>.</summary>
[OptionsSection("Reflection")]
public sealed class ReflectionOptions : IValidatableObject
{
    /// <summary>Run the weekly reflection and the daily P&amp;L follow-up on their schedules ("Reflect now" and the CLI work either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron line in KST (seconds first); Sunday 20:00 by default, when the week's trades are all in.</summary>
    public string Schedule { get; set; } = "0 0 20 ? * SUN";

    [Range(1, 366, ErrorMessage = "must be between 1 and 366 days")]
    public int PeriodDays { get; set; } = 7;

    [Range(1, 3660, ErrorMessage = "must be between 1 and 3660 days")]
    public int LookbackDays { get; set; } = 90;

    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000 trades")]
    public int MinTrades { get; set; } = 3;

    /// <summary>Adopt a valid rule with a positive shadow effect without waiting for an admin.</summary>
    public bool AutoAdopt { get; set; } = true;

    [Range(0, 20, ErrorMessage = "must be between 0 and 20 rules")]
    public int MaxRulesPerRun { get; set; } = 3;

    /// <summary>How many percentage points deeper a rule may make the look-back backtest's maximum drawdown and still be
    /// adopted automatically (a rule that loses money in that backtest never is).</summary>
    [Range(0.0, 100.0, ErrorMessage = "must be between 0 and 100 percentage points")]
    public double BacktestDrawdownTolerancePercent { get; set; } = 0.5;

    /// <summary>How often a failed scheduled reflection is tried again.</summary>
    [Range(0, 10, ErrorMessage = "must be between 0 and 10 retries")]
    public int RetryCount { get; set; } = 2;

    [Range(1, 1440, ErrorMessage = "must be between 1 and 1440 minutes")]
    public int RetryDelayMinutes { get; set; } = 10;

    /// <summary>Cron line in KST (seconds first); 15:50 on weekdays, after the close.</summary>
    public string PnlFollowUpSchedule { get; set; } = "0 50 15 ? * MON-FRI";

    /// <summary>Also commit the prompt file to git for every new or activated version.</summary>
    public bool GitCommit { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Scheduling.CronSchedule.TryParse(Schedule, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(Schedule), [nameof(Schedule)]);
        if (!Scheduling.CronSchedule.TryParse(PnlFollowUpSchedule, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(PnlFollowUpSchedule), [nameof(PnlFollowUpSchedule)]);
        if (LookbackDays < PeriodDays)
            yield return new ValidationResult($"must be at least Reflection:PeriodDays ({PeriodDays})", [nameof(LookbackDays)]);
    }
}
