namespace KisTrader.Data.Entities;

/// <summary>One cached LLM answer for backtests (see Core's ILlmResponseCache).</summary>
public sealed class LlmResponseCacheEntity
{
    public string Key { get; set; } = "";
    public string Model { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string Content { get; set; } = "";
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
}
