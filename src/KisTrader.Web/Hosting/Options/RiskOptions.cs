using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Risk")]
public sealed class RiskOptions : IValidatableObject
{
    [Range(typeof(decimal), "0.01", "100", ErrorMessage = "must be greater than 0 and at most 100 (%)")]
    public decimal MaxTickerWeightPercent { get; set; } = 20m;
    [Range(typeof(decimal), "1", "100000000000", ErrorMessage = "must be between 1 and 100,000,000,000 KRW")]
    public decimal MaxOrderValueKrw { get; set; } = 10_000_000m;
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000")]
    public int MaxOrdersPerDay { get; set; } = 20;
    [Range(typeof(decimal), "0.01", "100", ErrorMessage = "must be greater than 0 and at most 100 (%)")]
    public decimal DailyLossLimitPercent { get; set; } = 3m;
    [Range(typeof(decimal), "0.01", "100", ErrorMessage = "must be greater than 0 and at most 100 (%)")]
    public decimal WeeklyLossLimitPercent { get; set; } = 7m;
    [Range(typeof(decimal), "0", "100", ErrorMessage = "must be between 0 and 100 (%)")]
    public decimal MinCashReservePercent { get; set; } = 10m;
    /// <summary>The most the system may have invested at once (holdings at market plus open and planned buys); absent means no cap.</summary>
    [Range(typeof(decimal), "1", "100000000000000", ErrorMessage = "must be between 1 and 100,000,000,000,000 KRW (leave it out for no cap)")]
    public decimal? MaxCapitalKrw { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WeeklyLossLimitPercent < DailyLossLimitPercent)
            yield return new ValidationResult("must be at least Risk:DailyLossLimitPercent", [nameof(WeeklyLossLimitPercent)]);
    }
}
