using System.ComponentModel.DataAnnotations;
using KisTrader.Core.History;

namespace KisTrader.Web.Hosting.Options;

/// <summary>Market-history collection (<see cref="MarketHistoryCollector"/>): what is collected besides the watchlist
/// and the holdings, how far back a first collection goes, and the scheduled job after the close.</summary>
[OptionsSection("History")]
public sealed class HistoryOptions : IValidatableObject
{
    /// <summary>Collect on <see cref="CollectCron"/>. The collect command and the Data page's button work either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron line in KST (seconds first): 15:40 on weekdays, after the close.</summary>
    public string CollectCron { get; set; } = "0 40 15 ? * MON-FRI";

    /// <summary>How many years of daily bars a first collection of a ticker fetches.</summary>
    [Range(1, 30, ErrorMessage = "must be between 1 and 30 years")]
    public int YearsBack { get; set; } = 10;

    /// <summary>KRX codes collected besides the watchlist and the holdings.</summary>
    public string[] Universe { get; set; } = [];

    /// <summary>Also collect the KOSPI and KOSDAQ index bars (benchmarks and the data-quality session calendar).</summary>
    public bool Indexes { get; set; } = true;

    /// <summary>Also collect today's one-minute bars of each instrument.</summary>
    public bool MinuteBars { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Scheduling.CronSchedule.TryParse(CollectCron, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(CollectCron), [nameof(CollectCron)]);
        for (var i = 0; i < Universe.Length; i++)
            if (!MarketIndexes.IsInstrumentCode(Universe[i] ?? ""))
                yield return new ValidationResult($"must be a 6-character KRX code (got '{Universe[i]}')", [$"{nameof(Universe)}:{i}"]);
    }
}
