namespace KisTrader.Core.Decisions;

/// <summary>The JSON schema of a trading plan, as sent to the LLM for structured output (strict mode: every property
/// required, no others). <see cref="DecisionGuard"/> enforces the same shape on whatever comes back.</summary>
public static class PlanSchema
{
    public const string Name = "trading_plan";

    public const string Json = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["orders", "market_view", "hold_reason"],
          "properties": {
            "orders": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["ticker", "side", "quantity", "price_type", "limit_price", "justification", "confidence"],
                "properties": {
                  "ticker": { "type": "string", "description": "6-character KRX code from the universe" },
                  "side": { "type": "string", "enum": ["BUY", "SELL"] },
                  "quantity": { "type": "integer", "description": "whole shares, positive" },
                  "price_type": { "type": "string", "enum": ["LIMIT", "MARKET"] },
                  "limit_price": { "type": ["integer", "null"], "description": "KRW on the tick grid for LIMIT; null for MARKET" },
                  "justification": { "type": "string" },
                  "confidence": { "type": "number" }
                }
              }
            },
            "market_view": { "type": "string" },
            "hold_reason": { "type": "string" }
          }
        }
        """;
}
