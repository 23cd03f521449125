using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

public enum KisEnvironment
{
    /// <summary>Paper semantics against the built-in simulator (the default: no keys, no internet).</summary>
    Simulator,
    Paper,
    Real,
}

[OptionsSection("Kis")]
public sealed class KisOptions : IValidatableObject
{
    public KisEnvironment Environment { get; set; } = KisEnvironment.Simulator;
    /// <summary>Secret. From user-secrets or the environment (Kis__AppKey), never appsettings.json.</summary>
    public string? AppKey { get; set; }
    /// <summary>Secret.</summary>
    public string? AppSecret { get; set; }
    /// <summary>Secret. The 8-digit CANO.</summary>
    public string? AccountNumber { get; set; }
    [RegularExpression("^[0-9]{2}$", ErrorMessage = "must be the 2-digit account product code (01 for a stock account)")]
    public string AccountProductCode { get; set; } = "01";
    /// <summary>HTS id: the key of the execution-notice subscription.</summary>
    public string? HtsId { get; set; }
    /// <summary>Overrides the REST host of the environment (tests, a standalone simulator).</summary>
    public Uri? RestBaseUrl { get; set; }
    public Uri? WebSocketUrl { get; set; }
    /// <summary>Client-side REST rate limit; default by environment (real 18/s, paper 1/s, simulator 20/s).</summary>
    [Range(0.1, 100, ErrorMessage = "must be between 0.1 and 100 requests per second")]
    public double? RequestsPerSecond { get; set; }
    public bool UseLegacyOrderTrIds { get; set; }
    public bool UseHashKey { get; set; }
    [Range(1, 3600, ErrorMessage = "must be between 1 and 3600 seconds")]
    public int StaleFeedSeconds { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Environment != KisEnvironment.Simulator)
        {
            if (string.IsNullOrWhiteSpace(AppKey))
                yield return new ValidationResult($"is required when Kis:Environment is {Environment}", [nameof(AppKey)]);
            if (string.IsNullOrWhiteSpace(AppSecret))
                yield return new ValidationResult($"is required when Kis:Environment is {Environment}", [nameof(AppSecret)]);
            if (string.IsNullOrWhiteSpace(AccountNumber))
                yield return new ValidationResult($"is required when Kis:Environment is {Environment}", [nameof(AccountNumber)]);
        }
        if (!string.IsNullOrEmpty(AccountNumber) && (AccountNumber.Length != 8 || !AccountNumber.All(char.IsAsciiDigit)))
            yield return new ValidationResult("must be the 8-digit account number (CANO)", [nameof(AccountNumber)]);
        if (RestBaseUrl is { IsAbsoluteUri: false } || RestBaseUrl is { Scheme: not ("http" or "https") })
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(RestBaseUrl)]);
        if (WebSocketUrl is { IsAbsoluteUri: false } || WebSocketUrl is { Scheme: not ("ws" or "wss") })
            yield return new ValidationResult("must be an absolute ws or wss URL", [nameof(WebSocketUrl)]);
    }
}
