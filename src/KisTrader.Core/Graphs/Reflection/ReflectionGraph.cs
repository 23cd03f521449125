using KisTrader.Core.Reflection;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>
/// The reflection graph, in order: AggregatePerformance (M1) → AnalyzeFactors (M2) → GenerateRules (M3) →
/// UpdatePrompt (M4). Conditional edges: no trade in the look-back (AggregatePerformance) or no outcome to analyse
/// (AnalyzeFactors) skips to UpdatePrompt, which then completes the report without a new version.
/// </summary>
public sealed class ReflectionGraph(
    AggregatePerformanceNode aggregate,
    AnalyzeFactorsNode analyze,
    GenerateRulesNode generate,
    UpdatePromptNode update,
    ReflectionOptions options)
{
    public const string Name = "reflection";
    public const string AggregatePerformance = "AggregatePerformance";
    public const string AnalyzeFactors = "AnalyzeFactors";
    public const string GenerateRules = "GenerateRules";
    public const string UpdatePrompt = "UpdatePrompt";

    public GraphDefinition<ReflectionState> Definition { get; } =
        new(Name, [aggregate, analyze, generate, update], context => ReflectionState.Create(context, options));
}
