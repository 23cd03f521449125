using KisTrader.Core.Risk;

namespace KisTrader.Core.Decisions;

/// <summary>Settings of <see cref="LlmDecisionEngine"/>. Prices are USD per one million tokens (defaults: gpt-4o-mini).</summary>
public sealed record LlmEngineOptions
{
    public decimal InputUsdPerMillionTokens { get; init; } = 0.15m;
    public decimal OutputUsdPerMillionTokens { get; init; } = 0.60m;
    /// <summary>An upper bound on one call, on top of the client's own network timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public RiskLimits RiskLimits { get; init; } = new();
    public GuardOptions Guard { get; init; } = new();

    public decimal Cost(int inputTokens, int outputTokens) =>
        Math.Round((inputTokens * InputUsdPerMillionTokens + outputTokens * OutputUsdPerMillionTokens) / 1_000_000m, 6);
}
