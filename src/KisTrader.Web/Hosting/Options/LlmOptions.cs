using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Llm")]
public sealed class LlmOptions : IValidatableObject
{
    /// <summary>OpenAI by default; an Azure OpenAI v1 endpoint or any OpenAI-compatible server otherwise.</summary>
    public Uri? Endpoint { get; set; }
    /// <summary>Secret.</summary>
    public string? ApiKey { get; set; }
    [Required(AllowEmptyStrings = false, ErrorMessage = "must name a model")]
    public string Model { get; set; } = "gpt-4o-mini";
    [Range(typeof(decimal), "0", "100000", ErrorMessage = "must be between 0 and 100000 USD")]
    public decimal MonthlyBudgetUsd { get; set; } = 20m;
    [Range(1, 600, ErrorMessage = "must be between 1 and 600 seconds")]
    public int TimeoutSeconds { get; set; } = 60;
    /// <summary>Price of input (prompt) tokens, USD per one million (default: gpt-4o-mini).</summary>
    [Range(typeof(decimal), "0", "1000", ErrorMessage = "must be between 0 and 1000 USD")]
    public decimal InputUsdPerMillionTokens { get; set; } = 0.15m;
    /// <summary>Price of output (completion) tokens, USD per one million (default: gpt-4o-mini).</summary>
    [Range(typeof(decimal), "0", "1000", ErrorMessage = "must be between 0 and 1000 USD")]
    public decimal OutputUsdPerMillionTokens { get; set; } = 0.60m;

    /// <summary>The decision prompt file; default prompts/core_decision_prompt.md next to the app (copied from the repository).</summary>
    public string? PromptFile { get; set; }

    /// <summary>The LLM engine is used only when a key or an endpoint is configured; otherwise the rules engine decides.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || Endpoint is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PromptFile is not null && !File.Exists(Path.GetFullPath(PromptFile)))
            yield return new ValidationResult($"must name an existing file (got '{PromptFile}')", [nameof(PromptFile)]);
        if (Endpoint is { IsAbsoluteUri: false } || Endpoint is { Scheme: not ("http" or "https") })
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(Endpoint)]);
    }
}
