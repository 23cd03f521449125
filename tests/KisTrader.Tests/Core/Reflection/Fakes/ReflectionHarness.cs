using KisTrader.Core.InMemory;
using KisTrader.Core.Decisions;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Reflection;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Testing;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Reflection.Fakes;

/// <summary>The reflection graph and service wired to in-memory stores and a fake broker.</summary>
internal sealed class ReflectionHarness
{
    public static readonly DateTimeOffset Now = ReflectionTrades.Kst(2026, 11, 23, 16);

    public ManualTimeProvider Time { get; } = new(Now);
    public MemoryTradeStore Trades { get; } = new();
    public InMemoryStrategyRuleStore Rules { get; } = new();
    public InMemoryReportStore Reports { get; } = new();
    public InMemoryPromptStore Prompts { get; } = new();
    public RecordingArchive Archive { get; } = new();
    public InMemoryGraphStore Graphs { get; } = new();
    public InMemoryAuditLog Audit { get; } = new();
    public RecordingBus Bus { get; } = new();
    public FakeBrokerAccount Broker { get; } = new();
    public ActiveStrategyRules Active { get; } = new();
    public PromptVersioning Versioning { get; }
    public GraphRunner<ReflectionState> Runner { get; }
    public ReflectionService Service { get; }

    public ReflectionHarness(ReflectionOptions? options = null, ILlmClient? llm = null, RuleBacktestEvaluator? backtester = null)
    {
        var o = options ?? new ReflectionOptions();
        var baseline = new FilePromptSource(Path.Combine(AppProcess.RepoRoot, "prompts", "core_decision_prompt.md"));
        Versioning = new PromptVersioning(Prompts, Rules, Archive, Active, baseline, Time);
        var record = new ReflectionRecord(Trades, new RoundTripMatcher());
        var analyst = llm is null ? null
            : new LlmReflectionAnalyst(llm, File.ReadAllText(Path.Combine(AppProcess.RepoRoot, "prompts", "reflection_analysis_prompt.md")));
        var graph = new ReflectionGraph(
            new AggregatePerformanceNode(record, new BrokerCrossChecker(Broker), Reports),
            new AnalyzeFactorsNode(record, Reports, o, analyst),
            new GenerateRulesNode(record, Versioning, Rules, Reports, o, Time, backtester),
            new UpdatePromptNode(Versioning, Rules, Reports, Time, Audit),
            o);
        Runner = new GraphRunner<ReflectionState>(graph.Definition, Graphs, Bus, Time);
        Service = new ReflectionService(Runner, Graphs, Reports, Rules, Versioning, record, Audit, Bus, Time, o, backtester);
    }

    /// <summary>A BUY and the SELL that closes it: 10 shares at 10,000, sold at <paramref name="exit"/> two days later.</summary>
    public void RoundTrip(string id, DateTimeOffset at, decimal rsi, decimal exit, decimal? changePercent = null, int hour = 10)
    {
        var change = changePercent is { } c ? $$""","change_pct":{{c}}""" : "";
        var buyFeatures = $$"""{"side":"BUY","ticker":"000660","rsi14":{{rsi}},"hour_kst":{{hour}},"confidence":0.7{{change}}}""";
        const string sellFeatures = """{"side":"SELL","ticker":"000660","rsi14":50,"hour_kst":11}""";
        Trades.Trades[id + "b"] = ReflectionTrades.Buy(id + "b", "000660", 10, 10_000m, at, buyFeatures);
        Trades.Trades[id + "s"] = ReflectionTrades.Sell(id + "s", "000660", 10, exit, at.AddDays(2), sellFeatures);
    }
}
