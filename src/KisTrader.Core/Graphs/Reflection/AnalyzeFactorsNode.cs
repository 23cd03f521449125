using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>M2. Outcomes over the look-back, the statistical insights, and (when an LLM is configured) its analysis,
/// accepted whole or rejected with the reason in the report's LlmNote. No outcome to analyse: straight to UpdatePrompt.</summary>
public sealed class AnalyzeFactorsNode(ReflectionRecord record, IReflectionReportStore reports, ReflectionOptions options, LlmReflectionAnalyst? analyst = null)
    : IGraphNode<ReflectionState>
{
    public const int InsightsForLlm = 10;

    public string Name => ReflectionGraph.AnalyzeFactors;

    public async Task<NodeResult> RunAsync(ReflectionState state, GraphContext context, CancellationToken ct)
    {
        var set = await record.OutcomesAsync(state, ct);
        state.Outcomes = set.Outcomes.Count;
        state.WithoutFeatures = set.WithoutFeatures;
        state.WithoutResult = set.WithoutResult;
        if (set.WithoutFeatures > 0) state.Notes.Add($"{set.WithoutFeatures} trade(s) without recorded features were not analysed");
        if (set.WithoutResult > 0) state.Notes.Add($"{set.WithoutResult} trade(s) have no result yet (open, or 7-day P&L not known)");
        if (set.Outcomes.Count == 0)
        {
            state.Notes.Add("no trade outcome to analyse");
            await reports.SaveAsync(state.Report(ReflectionStatus.Running, "no outcomes"), ct);
            return NodeResult.Continue(ReflectionGraph.UpdatePrompt);
        }

        state.Insights = [.. FactorAnalyzer.Analyze(set.Outcomes, options.MinTrades)];
        if (analyst is null)
            state.LlmNote = "no LLM configured: statistics only";
        else
        {
            var llm = await analyst.AnalyzeAsync(state.Performance, state.Insights.Take(InsightsForLlm).ToList(), set.Outcomes, options.MinTrades, ct);
            if (llm.Accepted)
            {
                state.LlmAnalysis = llm.Summary;
                state.Insights.AddRange(llm.Insights);
                state.LlmRules = [.. llm.Rules];
            }
            else
            {
                state.LlmNote = llm.Note;
                state.Notes.Add($"LLM analysis {llm.Note}");
            }
        }
        await reports.SaveAsync(state.Report(ReflectionStatus.Running, "factors analysed"), ct);
        return NodeResult.Continue();
    }
}
