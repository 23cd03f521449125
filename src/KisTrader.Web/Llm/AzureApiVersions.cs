using Azure.AI.OpenAI;

namespace KisTrader.Web.Llm;

/// <summary>Llm:ApiVersion as written in Azure's documentation ("2024-10-21", "2025-04-01-preview") to the SDK's
/// service version. Only versions the SDK build knows can be sent, so an unknown one is refused at start-up.</summary>
public static class AzureApiVersions
{
    /// <summary>The GA version with structured outputs (JSON schema response format).</summary>
    public const string Default = "2024-10-21";

    public static IReadOnlyList<string> Known { get; } =
        [.. Enum.GetValues<AzureOpenAIClientOptions.ServiceVersion>().Select(ToText)];

    public static bool TryParse(string text, out AzureOpenAIClientOptions.ServiceVersion version)
    {
        foreach (var v in Enum.GetValues<AzureOpenAIClientOptions.ServiceVersion>())
        {
            if (string.Equals(ToText(v), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                version = v;
                return true;
            }
        }
        version = default;
        return false;
    }

    public static AzureOpenAIClientOptions.ServiceVersion Parse(string? text) =>
        TryParse(text ?? Default, out var v) ? v : throw new ArgumentException($"Unknown Azure OpenAI api-version '{text}'.", nameof(text));

    // V2025_04_01_Preview → 2025-04-01-preview
    private static string ToText(AzureOpenAIClientOptions.ServiceVersion v) => v.ToString()[1..].Replace('_', '-').ToLowerInvariant();
}
