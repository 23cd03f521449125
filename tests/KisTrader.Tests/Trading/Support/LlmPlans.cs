using System.Text.Json.Nodes;
using KisTrader.Tests.Llm;

namespace KisTrader.Tests.Trading.Support;

/// <summary>Trading-plan JSON as the LLM would answer it (the shape of Core/Decisions/PlanSchema), and the app
/// settings that point the LLM engine at a <see cref="LoopbackChatServer"/>.</summary>
internal static class LlmPlans
{
    public const string ApiKey = "sk-loopback-dummy-key";
    public const decimal InputUsdPerMillion = 2m;
    public const decimal OutputUsdPerMillion = 8m;

    public static Dictionary<string, string?> Settings(LoopbackChatServer server, params (string Key, string? Value)[] more)
    {
        var s = new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = server.Endpoint.ToString(),
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:Model"] = "loopback-model",
            ["Llm:InputUsdPerMillionTokens"] = InputUsdPerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Llm:OutputUsdPerMillionTokens"] = OutputUsdPerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Llm:TimeoutSeconds"] = "20",
        };
        foreach (var (k, v) in more) s[k] = v;
        return s;
    }

    public static JsonObject Order(string ticker, string side, JsonNode? quantity, string priceType, JsonNode? limitPrice,
        string justification, decimal confidence = 0.7m) => new()
    {
        ["ticker"] = ticker,
        ["side"] = side,
        ["quantity"] = quantity,
        ["price_type"] = priceType,
        ["limit_price"] = limitPrice,
        ["justification"] = justification,
        ["confidence"] = confidence,
    };

    public static string Plan(string marketView, params JsonObject[] orders) => new JsonObject
    {
        ["orders"] = new JsonArray([.. orders]),
        ["market_view"] = marketView,
        ["hold_reason"] = "",
    }.ToJsonString();
}
