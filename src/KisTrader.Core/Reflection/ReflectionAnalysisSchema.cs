namespace KisTrader.Core.Reflection;

/// <summary>The JSON schema of the LLM's reflection analysis (strict: every property required, no others).
/// <see cref="LlmReflectionAnalyst"/> enforces the same shape on whatever comes back.</summary>
public static class ReflectionAnalysisSchema
{
    public const string Name = "reflection_analysis";
    public const int MaxInsights = 5;
    public const int MaxRules = 3;

    public const string Json = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["summary", "insights", "rules"],
          "properties": {
            "summary": { "type": "string" },
            "insights": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["side", "condition", "description", "rationale"],
                "properties": {
                  "side": { "type": "string", "enum": ["BUY", "SELL"] },
                  "condition": { "type": "string", "description": "rule-language condition, without the side" },
                  "description": { "type": "string" },
                  "rationale": { "type": "string" }
                }
              }
            },
            "rules": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["category", "condition", "action", "size_factor", "priority", "rationale"],
                "properties": {
                  "category": { "type": "string", "enum": ["entry", "exit", "risk", "sizing"] },
                  "condition": { "type": "string" },
                  "action": { "type": "string", "enum": ["block", "reduce_size", "require_approval"] },
                  "size_factor": { "type": ["number", "null"] },
                  "priority": { "type": "integer" },
                  "rationale": { "type": "string" }
                }
              }
            }
          }
        }
        """;
}
