using System.Text.Json;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Rules;

/// <summary>Features from a JSON object literal, the way a recorded snapshot stores them.</summary>
internal static class Features
{
    public static RuleFeatures Of(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return RuleFeatures.FromJson(doc.RootElement);
    }

    public static readonly RuleFeatures Empty = Of("{}");
}
