using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Core.Decisions;

/// <summary>The LLM engine when one is configured and this month's (KST) LLM cost is under the budget; otherwise the
/// rules engine with a notice saying why.</summary>
public sealed class DecisionEngineSelector(IDecisionEngine rules, IDecisionEngine? llm, ILlmUsageStore usage, decimal monthlyBudgetUsd, TimeProvider time)
    : IDecisionEngineSelector
{
    public async Task<(IDecisionEngine Engine, string? Notice)> SelectAsync(CancellationToken ct = default)
    {
        if (llm is null) return (rules, "no LLM configured: rules engine");
        var spent = await usage.GetCostSinceAsync(StartOfMonthKst(time.GetUtcNow()), ct).ConfigureAwait(false);
        if (spent >= monthlyBudgetUsd)
            return (rules, $"LLM budget of ${monthlyBudgetUsd.ToString("0.##", CultureInfo.InvariantCulture)} used up this month: rules engine");
        return (llm, null);
    }

    public static DateTimeOffset StartOfMonthKst(DateTimeOffset now)
    {
        var kst = now.ToKst();
        return new DateTimeOffset(kst.Year, kst.Month, 1, 0, 0, 0, KoreaTime.Offset);
    }
}
