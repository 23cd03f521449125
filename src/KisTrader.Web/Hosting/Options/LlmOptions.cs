using System.ComponentModel.DataAnnotations;
using System.Net;
using KisTrader.Core.Decisions;
using KisTrader.Web.Llm;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Llm")]
public sealed class LlmOptions : IValidatableObject
{
    /// <summary>OpenAI by default; an Azure OpenAI resource (https://NAME.openai.azure.com/) or any OpenAI-compatible
    /// server otherwise.</summary>
    public Uri? Endpoint { get; set; }
    /// <summary>Auto: Azure OpenAI when <see cref="Endpoint"/> is an Azure resource, otherwise OpenAI (and compatible).</summary>
    public LlmProvider Provider { get; set; } = LlmProvider.Auto;
    /// <summary>Secret. Sent as a bearer token to OpenAI, as the api-key header to Azure.</summary>
    public string? ApiKey { get; set; }
    [Required(AllowEmptyStrings = false, ErrorMessage = "must name a model")]
    public string Model { get; set; } = "gpt-4o-mini";
    /// <summary>Azure OpenAI only: the deployment to call (Azure routes by deployment, not by model).</summary>
    public string? Deployment { get; set; }
    /// <summary>Azure OpenAI only: the api-version; default <see cref="AzureApiVersions.Default"/>.</summary>
    public string? ApiVersion { get; set; }
    [Range(typeof(decimal), "0", "100000", ErrorMessage = "must be between 0 and 100000 USD")]
    public decimal MonthlyBudgetUsd { get; set; } = 20m;
    /// <summary>One decision's whole deadline (all HTTP attempts included).</summary>
    [Range(1, 600, ErrorMessage = "must be between 1 and 600 seconds")]
    public int TimeoutSeconds { get; set; } = 60;
    /// <summary>After this many failed LLM decisions in a row the rules engine decides until the LLM answers again.</summary>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int MaxConsecutiveFailures { get; set; } = DecisionEngineSelector.DefaultMaxConsecutiveFailures;
    /// <summary>Price of input (prompt) tokens, USD per one million. Unset: gpt-4o-mini's (0.15), or 0 for a local server.</summary>
    [Range(typeof(decimal), "0", "1000", ErrorMessage = "must be between 0 and 1000 USD")]
    public decimal? InputUsdPerMillionTokens { get; set; }
    /// <summary>Price of output (completion) tokens, USD per one million. Unset: gpt-4o-mini's (0.60), or 0 for a local server.</summary>
    [Range(typeof(decimal), "0", "1000", ErrorMessage = "must be between 0 and 1000 USD")]
    public decimal? OutputUsdPerMillionTokens { get; set; }

    /// <summary>The decision prompt file; default prompts/core_decision_prompt.md next to the app (copied from the repository).</summary>
    public string? PromptFile { get; set; }

    /// <summary>The LLM engine is used only when a key or an endpoint is configured; otherwise the rules engine decides.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey) || Endpoint is not null;

    /// <summary>The provider that will be used: the configured one, or for Auto, Azure when the endpoint is an Azure OpenAI
    /// resource. Azure's OpenAI-compatible v1 path (…/openai/v1/) is an OpenAI-compatible server and stays with OpenAI.</summary>
    public LlmProvider EffectiveProvider => Provider != LlmProvider.Auto ? Provider
        : Endpoint is { IsAbsoluteUri: true } e && IsAzureHost(e.Host) && !e.AbsolutePath.StartsWith("/openai/v1", StringComparison.OrdinalIgnoreCase)
            ? LlmProvider.Azure : LlmProvider.OpenAI;

    /// <summary>A server on this machine or the local network (Ollama, vLLM, LM Studio): its calls cost nothing unless
    /// prices are configured. Any other host (OpenAI, Azure, a hosted compatible service) is priced.</summary>
    public bool IsLocalEndpoint => Endpoint is { IsAbsoluteUri: true } e && IsLocalHost(e);

    public decimal EffectiveInputUsdPerMillionTokens => InputUsdPerMillionTokens ?? (IsLocalEndpoint ? 0m : 0.15m);
    public decimal EffectiveOutputUsdPerMillionTokens => OutputUsdPerMillionTokens ?? (IsLocalEndpoint ? 0m : 0.60m);

    public static bool IsAzureHost(string host) =>
        host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase);

    private static bool IsLocalHost(Uri uri)
    {
        if (uri.IsLoopback) return true;
        var host = uri.IdnHost;
        if (!host.Contains('.', StringComparison.Ordinal) || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(host, out var ip)) return false;
        if (ip.IsIPv6LinkLocal || ip.IsIPv6UniqueLocal) return true;
        var b = ip.MapToIPv4().GetAddressBytes();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && (b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PromptFile is not null && !File.Exists(Path.GetFullPath(PromptFile)))
            yield return new ValidationResult($"must name an existing file (got '{PromptFile}')", [nameof(PromptFile)]);
        if (Endpoint is { IsAbsoluteUri: false } || Endpoint is { Scheme: not ("http" or "https") })
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(Endpoint)]);
        if (ApiVersion is not null && !AzureApiVersions.TryParse(ApiVersion, out _))
            yield return new ValidationResult($"'{ApiVersion}' is not an Azure OpenAI api-version this build knows ({string.Join(", ", AzureApiVersions.Known)})",
                [nameof(ApiVersion)]);
        if (EffectiveProvider == LlmProvider.Azure)
        {
            if (Endpoint is null)
                yield return new ValidationResult("must be the Azure OpenAI resource URL (https://NAME.openai.azure.com/) when Llm:Provider is Azure", [nameof(Endpoint)]);
            if (string.IsNullOrWhiteSpace(ApiKey))
                yield return new ValidationResult("is required for Azure OpenAI (the resource's key, sent as the api-key header)", [nameof(ApiKey)]);
            if (string.IsNullOrWhiteSpace(Deployment))
                yield return new ValidationResult("must name the Azure OpenAI deployment to call", [nameof(Deployment)]);
        }
    }
}
