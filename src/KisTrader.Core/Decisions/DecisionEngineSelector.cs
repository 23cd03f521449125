using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Core.Decisions;

/// <summary>
/// The LLM engine when one is configured and this month's (KST) LLM cost is under the budget; otherwise the rules engine
/// with a notice saying why. When the last <c>maxConsecutiveFailures</c> LLM calls all failed (read from the usage
/// records, so the count survives a restart), the LLM is still asked first each run (that is how it is seen answering
/// again), and the rules engine decides whenever it fails; the notice says so until the LLM answers.
/// </summary>
public sealed class DecisionEngineSelector(IDecisionEngine rules, IDecisionEngine? llm, ILlmUsageStore usage, decimal monthlyBudgetUsd, TimeProvider time,
    int maxConsecutiveFailures = DecisionEngineSelector.DefaultMaxConsecutiveFailures)
    : IDecisionEngineSelector
{
    public const int DefaultMaxConsecutiveFailures = 3;

    public async Task<EngineChoice> SelectAsync(CancellationToken ct = default)
    {
        if (llm is null) return new(rules, "no LLM configured: rules engine");
        var spent = await usage.GetCostSinceAsync(StartOfMonthKst(time.GetUtcNow()), ct).ConfigureAwait(false);
        if (spent >= monthlyBudgetUsd)
            return new(rules, $"LLM budget of ${monthlyBudgetUsd.ToString("0.##", CultureInfo.InvariantCulture)} used up this month: rules engine");
        if (maxConsecutiveFailures > 0)
        {
            var recent = await usage.GetRecentAsync(maxConsecutiveFailures, ct).ConfigureAwait(false);
            if (recent.Count >= maxConsecutiveFailures && recent.All(r => r.Outcome != LlmOutcome.Accepted))
                return new(llm, FailureNotice(maxConsecutiveFailures), rules);
        }
        return new(llm, null);
    }

    /// <summary>The notice while the LLM is on probation; the same text every run, so it is announced once.</summary>
    public static string FailureNotice(int failures) =>
        $"the last {failures} LLM calls failed: rules engine until the LLM answers again";

    public static DateTimeOffset StartOfMonthKst(DateTimeOffset now)
    {
        var kst = now.ToKst();
        return new DateTimeOffset(kst.Year, kst.Month, 1, 0, 0, 0, KoreaTime.Offset);
    }
}
