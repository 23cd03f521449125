using System.ComponentModel.DataAnnotations;
using KisTrader.Core.Approvals;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Trading")]
public sealed class TradingOptions : IValidatableObject
{
    public ApprovalMode ApprovalMode { get; set; } = ApprovalMode.Required;
    [Range(typeof(decimal), "1", "100000000000", ErrorMessage = "must be between 1 and 100,000,000,000 KRW")]
    public decimal ApprovalThresholdKrw { get; set; } = 5_000_000m;
    [Range(1, 1440, ErrorMessage = "must be between 1 and 1440 minutes")]
    public int ApprovalExpiryMinutes { get; set; } = 10;
    public static readonly string[] DefaultWatchlist = ["005930", "000660", "373220", "207940", "005380", "035420", "035720", "051910"];

    /// <summary>KRX codes the market analysis watches besides the holdings; <see cref="DefaultWatchlist"/> when not configured.</summary>
    /// <remarks>No initializer: the configuration binder appends to an existing array instead of replacing it.</remarks>
    public string[]? Watchlist { get; set; }

    public IReadOnlyList<string> EffectiveWatchlist => Watchlist is { Length: > 0 } w ? w : DefaultWatchlist;

    /// <summary>Run the operational graph on its schedule (off: only "Run now" and the command line).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>Every 10 minutes from 09:05 to 15:15 KST, Monday to Friday; market holidays are skipped by the job.</summary>
    public static readonly string[] DefaultScheduleCron = ["0 5/10 9-14 ? * MON-FRI", "0 5,15 15 ? * MON-FRI"];

    /// <summary>Cron lines in KST (seconds first); <see cref="DefaultScheduleCron"/> when not configured.</summary>
    public string[]? Schedule { get; set; }

    public IReadOnlyList<string> ScheduleCron => Schedule is { Length: > 0 } s ? s : DefaultScheduleCron;

    /// <summary>The schedule on the always-open simulator.</summary>
    public string SimulatorCron { get; set; } = "0 0/5 * * * ?";

    /// <summary>KRX closing days (yyyy-MM-dd) added to the built-in 2010–2027 list of KisTrader.Core.Market.KrxHolidays; the schedule skips them.</summary>
    public DateOnly[]? Holidays { get; set; }

    [Range(1, 1440, ErrorMessage = "must be between 1 and 1440 minutes")]
    public int StaleOrderMinutes { get; set; } = 15;

    /// <summary>How long an order whose outcome is unknown (a crash between intent and answer, a dropped answer) may be
    /// absent from the broker's order list before reconciliation takes it as never placed. The list can lag an order the
    /// broker is still processing, so keep the default against KIS; tests against the local simulator shorten it.</summary>
    [Range(1, 3600, ErrorMessage = "must be between 1 and 3600 seconds")]
    public int OrderAbsenceGraceSeconds { get; set; } = 30;

    /// <summary>How many KRX ticks worse than the plan's limit price an order may be sent at (it is priced at the best
    /// ask or bid when sent). With <see cref="MaxSlippagePercent"/>: the tighter of the two applies.</summary>
    [Range(0, 100, ErrorMessage = "must be between 0 and 100 ticks")]
    public int MaxSlippageTicks { get; set; } = 2;

    /// <summary>How many percent worse than the plan's limit price an order may be sent at; the tighter of this and
    /// <see cref="MaxSlippageTicks"/> applies.</summary>
    [Range(typeof(decimal), "0", "30", ErrorMessage = "must be between 0 and 30 (%)")]
    public decimal MaxSlippagePercent { get; set; } = 0.5m;
    /// <summary>A surge, plunge or volume-spike alert on a watched ticker starts an operational run scoped to that ticker at
    /// once (same risk checks and approval mode; never overlapping a running graph: a run in progress means it is skipped).</summary>
    public bool EventRuns { get; set; }

    /// <summary>At most one event run per ticker within this many minutes.</summary>
    [Range(1, 1440, ErrorMessage = "must be between 1 and 1440 minutes")]
    public int EventRunCooldownMinutes { get; set; } = 30;

    /// <summary>The rules engine's thresholds and sizing (Trading:Rules:…).</summary>
    public RulesEngineSettings Rules { get; set; } = new();

    /// <summary>Candidates beyond the watchlist from the broker's rankings (Trading:Candidates:…).</summary>
    public CandidateSettings Candidates { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in Rules.Validate(nameof(Rules)))
            yield return error;
        foreach (var error in Candidates.Validate(nameof(Candidates)))
            yield return error;
        var list = Watchlist ?? [];
        for (var i = 0; i < list.Length; i++)
        {
            var code = list[i];
            if (code is null || code.Length != 6 || !code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
                yield return new ValidationResult($"must be a 6-character KRX code (got '{code}')", [$"{nameof(Watchlist)}:{i}"]);
        }
        var crons = Schedule ?? [];
        for (var i = 0; i < crons.Length; i++)
            if (!Scheduling.CronSchedule.TryParse(crons[i], out _))
                yield return new ValidationResult(Scheduling.CronSchedule.Invalid(crons[i]), [$"{nameof(Schedule)}:{i}"]);
        if (!Scheduling.CronSchedule.TryParse(SimulatorCron, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(SimulatorCron), [nameof(SimulatorCron)]);
        if (list.Length > 40)
            yield return new ValidationResult("may list at most 40 codes (the realtime feed's subscription limit)", [nameof(Watchlist)]);
    }
}
