using KisTrader.Core.InMemory;
using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Testing;
using KisTrader.Testing.Ledger;

namespace KisTrader.Tests.Core.Graphs.Fakes;

/// <summary>The operational graph wired to fakes of the broker, analyzer, engine and gateway, with in-memory stores.</summary>
internal sealed class OperationalHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    public ManualTimeProvider Time { get; } = new(Start);
    public InMemoryGraphStore Graphs { get; } = new();
    public InMemoryOrderLedger Ledger { get; } = new();
    public InMemoryEquityPoints EquityPoints { get; } = new();
    public InMemoryApprovalStore Approvals { get; } = new();
    public InMemoryTradeStore Trades { get; } = new();
    public InMemoryAuditLog Audit { get; } = new();
    public RecordingBus Bus { get; } = new();
    public FakeOrderGateway Gateway { get; }
    public FakeAnalyzer Analyzer { get; }
    public FakeEngine Engine { get; }
    public FakeSelector Selector { get; }
    public OperationalGraphOptions Options { get; }
    public TradeRecorder Recorder { get; }
    public OperationalGraph Graph { get; }
    public GraphRunner<TradingState> Runner { get; }
    public ApprovalService ApprovalService { get; }
    public Func<MarketAnalysis> Analysis { get; set; }
    public Func<DecisionInput, DecisionResult> Decide { get; set; }

    public OperationalHarness(ApprovalMode mode = ApprovalMode.Off, decimal threshold = 1_000_000m)
    {
        Options = new OperationalGraphOptions { Watchlist = ["005930", "000660"], ApprovalMode = mode, ApprovalThresholdKrw = threshold };
        Gateway = new FakeOrderGateway(Ledger, Time);
        Analysis = () => FreshAnalysis(Time.GetUtcNow());
        Decide = _ => DecisionResult.Accepted(new TradingPlan("rules", [Buy("005930", 10)], "buy the dip"));
        Analyzer = new FakeAnalyzer(_ => Analysis());
        Engine = new FakeEngine("rules", i => Decide(i));
        Selector = new FakeSelector(Engine);
        var account = new FakeAccountReader(Balance());
        Recorder = new TradeRecorder(Trades, Ledger, Bus);
        var graph = Graph = new OperationalGraph(
            new DiagnosePortfolioNode(account, new EquityRecorder(EquityPoints, Bus), Time),
            new AnalyzeMarketNode(Analyzer, Options),
            new DecideNode(Selector, Options, Time),
            new CheckRiskNode(Gateway, Approvals, new ApprovalProposals(Approvals, Audit, Bus), Options, Time),
            new ExecuteOrdersNode(Gateway, Ledger, Approvals, Time),
            new RecordAndReportNode(Ledger, Recorder));
        Runner = new GraphRunner<TradingState>(graph.Definition, Graphs, Bus, Time);
        ApprovalService = new ApprovalService(Approvals, Runner, Graphs, Ledger, Audit, Bus, Time);
    }

    public static PlannedOrder Buy(string ticker, long qty, decimal price = 70_000m) =>
        new(ticker, Side.Buy, qty, OrderPriceType.Limit, price, $"RSI oversold on {ticker}", 0.7m);

    public static AccountBalance Balance() => new(10_000_000m, 10_000_000m, 1_400_000m, 11_400_000m, 11_400_000m, 1_300_000m, 100_000m,
        [new Holding("035720", "Kakao", 20, 20, 65_000m, 1_300_000m, 70_000m, 1_400_000m, 100_000m, 7.69m)]);

    public static MarketAnalysis FreshAnalysis(DateTimeOffset at, bool stale = false) => new(at, stale ? FeedState.Stale : FeedState.Connected, stale,
        stale ? "no ticks for 90 s" : null,
        [new TickerAnalysis("005930", 70_000m, -2.1m, 1_000_000, 95m, 1.8m, new Dictionary<string, decimal> { ["rsi14"] = 28m }, at)],
        [new MarketSignal("005930", "volume_surge", "volume 1.8x normal", 0.6m)], [], 0.2m);

    public TradingState StateOf(string runId) => GraphJson.Deserialize<TradingState>(Graphs.Runs[runId].StateJson);

    public void Dispose() => Recorder.Dispose();
}
