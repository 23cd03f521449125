using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

public enum ApprovalMode
{
    Required,
    AboveValue,
    Off,
}

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var list = Watchlist ?? [];
        for (var i = 0; i < list.Length; i++)
        {
            var code = list[i];
            if (code is null || code.Length != 6 || !code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
                yield return new ValidationResult($"must be a 6-character KRX code (got '{code}')", [$"{nameof(Watchlist)}:{i}"]);
        }
        if (list.Length > 40)
            yield return new ValidationResult("may list at most 40 codes (the realtime feed's subscription limit)", [nameof(Watchlist)]);
    }
}
