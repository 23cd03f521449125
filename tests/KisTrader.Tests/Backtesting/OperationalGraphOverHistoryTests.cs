using KisTrader.Core.InMemory;
using KisTrader.Core.Portfolio;
using System.Text.Json;
using KisTrader.Core.Approvals;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Testing.Ledger;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Backtesting;

/// <summary>The operational graph's six nodes, unchanged, with the rules engine, the real market analyzer, risk engine,
/// gateway and fill tracker, over the backtest's ports on the simulated clock: one run at each session's open, the
/// tracker's poll at each close, stepped by <see cref="BacktestSession"/>, with the product's in-memory stores. This is
/// the composition <see cref="BacktestEngine"/> builds (see BacktestEngineTests); kept here spelled out so the ledger
/// itself can be checked against the simulated broker.</summary>
public sealed class OperationalGraphOverHistoryTests
{
    /// <summary>Seeded trending random walks on the tick grid (uptrends with pullbacks, so the rules fire).</summary>
    internal static Dictionary<string, IReadOnlyList<Bar>> Bars(KrxCalendar calendar, int sessions)
    {
        var random = new Random(16);
        var result = new Dictionary<string, IReadOnlyList<Bar>>(StringComparer.Ordinal);
        foreach (var (ticker, start, drift) in new[] { ("005930", 50_000m, 0.004), ("000660", 120_000m, 0.002), ("035420", 180_000m, -0.001) })
        {
            var list = new List<Bar>();
            var close = start;
            for (var day = new DateOnly(2026, 1, 5); list.Count < sessions; day = day.AddDays(1))
            {
                if (!calendar.IsTradingDay(day)) continue;
                decimal Grid(double move) => KrxRules.FloorToTick(close * (1m + (decimal)move), date: day);
                var open = Grid((random.NextDouble() - 0.5) * 0.01);
                var last = Grid(drift + (random.NextDouble() - 0.5) * 0.05);
                var high = Math.Max(Math.Max(open, last), Grid(random.NextDouble() * 0.03));
                var low = Math.Min(Math.Min(open, last), Grid(-random.NextDouble() * 0.03));
                var volume = random.Next(200_000, 2_000_000);
                list.Add(new Bar(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), open, high, low, last, volume, last * volume));
                close = last;
            }
            result[ticker] = list;
        }
        return result;
    }

    private static async Task<(BacktestResult Result, IReadOnlyList<LedgerOrder> Ledger, List<RunStatus?> Runs)> RunAsync()
    {
        var calendar = new KrxCalendar();
        var bars = Bars(calendar, 160);
        var history = new BarHistory(bars);
        var dates = bars["005930"].Select(b => b.Date).ToList();
        // The analysis wants 60 sessions of history first.
        var session = BacktestSession.Create(history, dates[70], dates[^1], calendar,
            new SimulatedBrokerOptions { InitialCash = 100_000_000m, Slippage = new SlippageModel(1, 0.05m, 0.05m) });
        var (clock, market, broker) = (session.Clock, session.Market, session.Broker);
        var ledger = new InMemoryOrderLedger(clock);
        using var bus = new InMemoryEventBus();
        var recorder = new LedgerRecorder(ledger, bus, clock);
        var limits = new RiskLimits
        {
            MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
            DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
        };
        var contexts = new RiskContextBuilder(broker, market, ledger, new InMemoryTradingModeStore(), NoStrategyRules.Instance, new StaticTradingUniverse(history.Tickers), new InMemoryEquityMarks(clock), clock);
        var gateway = new OrderGateway(new RiskEngine(limits), contexts, recorder, broker, broker, clock)
        {
            Pricer = new MarketablePricer(new TickCache(), new OrderBookCache(), market, () => FeedState.Connected, clock, new SlippageBound(3, 1m), TimeSpan.FromSeconds(10)),
        };
        var tracker = new FillTracker(bus, recorder, broker, gateway, clock, new FillTrackerOptions { CancelStaleAfter = null });
        var options = new OperationalGraphOptions { Watchlist = history.Tickers, ApprovalMode = ApprovalMode.Off };
        var approvals = new InMemoryApprovalStore();
        var analyzer = new MarketAnalyzer(new TickCache(), market, () => FeedState.Connected, clock, new MarketAnalyzerOptions { Calendar = calendar });
        using var tradeRecorder = new TradeRecorder(new InMemoryTradeStore(), ledger, bus);
        var graph = new OperationalGraph(
            new DiagnosePortfolioNode(broker, new EquityRecorder(new InMemoryEquityPoints(), bus), clock),
            new AnalyzeMarketNode(analyzer, options),
            new DecideNode(new FakeSelector(new RulesDecisionEngine()), options, clock),
            new CheckRiskNode(gateway, approvals, new ApprovalProposals(approvals, new InMemoryAuditLog(), bus), options, clock),
            new ExecuteOrdersNode(gateway, ledger, approvals, clock),
            new RecordAndReportNode(ledger, tradeRecorder));
        var runner = new GraphRunner<TradingState>(graph.Definition, new InMemoryGraphStore(), bus, clock);

        var runs = new List<RunStatus?>();
        var result = await session.RunAsync(
            atOpen: async (_, ct) => runs.Add((await runner.StartAsync("backtest", ct)).Status),
            atClose: async (_, ct) => await tracker.PollOnceAsync(ct));
        var all = await ledger.ListAsync(DateTimeOffset.MinValue, clock.GetUtcNow().AddDays(1));
        return (result, all, runs);
    }

    [Fact]
    public async Task TheGraph_TradesOverHistory_AndTheLedgerAgreesWithTheSimulatedBroker()
    {
        var (result, ledger, runs) = await RunAsync();
        var fills = result.Fills;
        var bars = Bars(new KrxCalendar(), 160);
        Assert.Equal(90, runs.Count);
        Assert.All(runs, s => Assert.Equal(RunStatus.Completed, s));
        Assert.NotEmpty(fills);
        Assert.Contains(fills, f => f.Side == KisTrader.Core.Exchange.Side.Sell);
        // The graph's limits were priced at the synthesised best ask or bid, which carries the slippage: no fill at the bare open.
        var opens = bars.ToDictionary(kv => kv.Key, kv => kv.Value.ToDictionary(b => b.Date, b => b.Open));
        Assert.All(fills.Where(f => f.Time == KrxCalendar.OpenOn(f.Date)), f =>
            Assert.True(f.Side == KisTrader.Core.Exchange.Side.Buy ? f.Price > opens[f.Ticker][f.Date] : f.Price < opens[f.Ticker][f.Date], $"{f.Ticker} {f.Side} at the open"));
        // Every order the graph sent is over (day orders), and its fills in the ledger are the broker's.
        Assert.All(ledger, o => Assert.True(o.IsFinal, $"{o.OrderId} is {o.Status}"));
        Assert.Equal(90, result.Equity.Count);
        Assert.True(result.Metrics.RoundTrips > 0 && result.Metrics.Commission > 0 && result.Metrics.Tax > 0);
        foreach (var o in ledger.Where(o => o.BrokerOrderNo is not null))
        {
            var brokerFills = fills.Where(f => f.OrderNo == o.BrokerOrderNo).ToList();
            Assert.Equal(brokerFills.Sum(f => f.Quantity), o.FilledQuantity);
            if (o.FilledQuantity > 0)
                Assert.Equal(Math.Round(brokerFills.Sum(f => f.Amount) / o.FilledQuantity, 4), o.AverageFillPrice);
        }
    }

    [Fact]
    public async Task TheGraphOverHistory_IsDeterministic()
    {
        var a = await RunAsync();
        var b = await RunAsync();
        Assert.Equal(JsonSerializer.Serialize(a.Result), JsonSerializer.Serialize(b.Result));
    }
}
