using System.Globalization;
using System.Text;
using KisTrader.Core.Approvals;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Kis;
using KisTrader.Simulator;
using KisTrader.Tests.Kis.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using KisTrader.Tests.Loopback.Support;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Backtesting.Parity;

/// <summary>
/// Issue 16, parity: the live operational graph (its six nodes with the rules engine, the real market analyzer, risk
/// engine, order gateway and fill tracker, over the real KIS client) against the built-in simulator (real HTTP on
/// loopback) for a stretch of simulated sessions, and the backtester over the daily bars the simulator made in those
/// sessions, with the same rules-engine options and risk limits, send the same orders: session, ticker, side, type,
/// quantity and limit price. Any difference is listed in the failure message.
/// How the sessions are replayed (docs/decisions.md, "Parity with the simulator"): the test drives time; at each
/// session's open it steps the simulator once (the day rolls and the opening prints trade), then runs the graph, as the
/// backtester decides at the open on yesterday's bars and today's open; then it steps the market minute by minute to the
/// close, where the fill tracker polls once, as in the backtest.
/// </summary>
public sealed class LiveBacktestParityTests
{
    private static readonly DateOnly First = new(2026, 6, 4);
    private static readonly DateOnly Last = new(2026, 7, 3);

    private static readonly RiskLimits Limits = new()
    {
        MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
        DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
    };

    private static readonly RulesEngineOptions Rules = new();

    [Fact]
    public async Task The_live_graph_against_the_simulator_and_the_backtester_over_its_bars_send_the_same_orders()
    {
        var clock = new ParityClock();
        clock.Start(KrxCalendar.OpenOn(First).AddHours(-1));
        var universe = Universe();
        var settings = new SimulatorSettings
        {
            Mode = SimulatorMode.Real,
            AlwaysOpen = false,
            Universe = universe,
            // One step is a minute of market (volumes per step scale with it); the test makes every step itself.
            TickInterval = TimeSpan.FromMinutes(1),
            HistoryDays = 150,
            RateLimitPerSecond = 1_000_000,
            Seed = 1616,
        };
        await using var host = await SimulatorHost.StartAsync(settings, "http://127.0.0.1:0", clock.WithoutTimers());
        using var dir = new TempDataDir();
        var cache = Path.Combine(dir.Root, "tokens");
        await using var client = new KisClient(new KisClientOptions
        {
            Environment = KisEnvironmentKind.Real,
            AppKey = LoopbackClient.NewAppKey(),
            AppSecret = "parity-secret-" + Guid.NewGuid().ToString("N"),
            AccountNumber = LoopbackClient.NewAccount(),
            AccountProductCode = "01",
            HtsId = "htsparity",
            RestBaseUrl = host.BaseUrl,
            WebSocketUrl = host.WebSocketUrl,
            RequestsPerSecond = 1_000_000,
            TokenCacheDirectory = cache,
            RequestTimeout = TimeSpan.FromSeconds(10),
            IsMarketOpen = _ => false,
        }, new TestSecretProtector(), clock, NullLoggerFactory.Instance, new KisStatus(), new TickCache());

        var live = await RunLiveAsync(host, client, clock, universe);

        // The day after the last session rolls the simulator, so the last session is a closed bar on its chart too.
        clock.JumpTo(KrxCalendar.OpenOn(NextWeekday(Last)));
        host.Exchange.Step();
        var rows = new List<HistoryBar>();
        foreach (var i in universe)
        {
            var bars = await client.MarketData.GetBarsAsync(i.Code, First.AddDays(-400), Last);
            rows.AddRange(bars.Where(b => b.Date <= Last).Select(b =>
                HistoryBar.Daily(i.Code, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "simulator", clock.GetUtcNow())));
        }
        var request = new BacktestRequest
        {
            From = First,
            To = Last,
            Tickers = [.. universe.Select(i => i.Code)],
            RiskLimits = Limits,
            RulesOptions = Rules,
            InitialCash = settings.InitialCash,
            // The simulator's book at the open: the open is the ask, the bid one tick below, and orders fill at those prices.
            Slippage = new SlippageModel() { SellsMeetTheBid = true },
            DecisionTime = BacktestDecisionTime.Open,
        };
        var report = await new BacktestEngine().RunAsync(request,
            BacktestBars.FromRows(rows, request, universe.Select(i => new BacktestInstrument(i.Code, i.Name, i.Market))));

        var backtest = report.Orders.Select(o => Key(o.Time, o.Ticker, o.Side, o.Type, o.Quantity, o.LimitPrice, o.Status)).ToList();
        var differences = Differences(live, backtest);
        Assert.True(live.Count > 0, "The live graph sent no order in the stretch: the parity would prove nothing.\n" + Describe(live, backtest));
        Assert.True(differences.Count == 0,
            $"{differences.Count} difference(s) between the live graph's {live.Count} orders and the backtester's {backtest.Count}:\n"
            + string.Join("\n", differences) + "\n" + Describe(live, backtest));
    }

    /// <summary>The simulator's open, last price and touch at each decision, for the failure message.</summary>
    private readonly Dictionary<(DateOnly, string), string> _openings = [];

    private async Task<List<OrderKey>> RunLiveAsync(SimulatorHost host, KisClient client, ParityClock clock, IReadOnlyList<SimulatedInstrument> universe)
    {
        var market = client.MarketData;
        var account = client.Account;
        var router = client.Orders;
        var tickers = universe.Select(i => i.Code).Order(StringComparer.Ordinal).ToList();
        var calendar = new KrxCalendar();
        var ledger = new InMemoryOrderLedger(clock);
        using var bus = new InMemoryEventBus();
        var recorder = new LedgerRecorder(ledger, bus, clock);
        var contexts = new RiskContextBuilder(account, market, ledger, new InMemoryTradingModeStore(), NoStrategyRules.Instance,
            new StaticTradingUniverse(tickers), new InMemoryEquityMarks(clock), clock);
        var gateway = new OrderGateway(new RiskEngine(Limits, new TradingCosts()), contexts, recorder, router, account, clock)
        {
            Pricer = new MarketablePricer(new TickCache(), new OrderBookCache(), market, () => FeedState.Connected, clock, new SlippageBound(3, 1m), TimeSpan.FromSeconds(10)),
        };
        await using var tracker = new FillTracker(bus, recorder, account, gateway, clock, new FillTrackerOptions { CancelStaleAfter = null });
        var options = new OperationalGraphOptions { Watchlist = tickers, ApprovalMode = ApprovalMode.Off };
        var approvals = new InMemoryApprovalStore();
        var analyzer = new MarketAnalyzer(new TickCache(), market, () => FeedState.Connected, clock, new MarketAnalyzerOptions { Calendar = calendar });
        using var trades = new TradeRecorder(new InMemoryTradeStore(), ledger, bus);
        var graph = new OperationalGraph(
            new DiagnosePortfolioNode(account, new EquityRecorder(new InMemoryEquityPoints(), bus), clock),
            new AnalyzeMarketNode(analyzer, options),
            new DecideNode(new FixedSelector(new RulesDecisionEngine(Rules)), options, clock),
            new CheckRiskNode(gateway, approvals, new ApprovalProposals(approvals, new InMemoryAuditLog(), bus), options, clock),
            new ExecuteOrdersNode(gateway, ledger, approvals, clock),
            new RecordAndReportNode(ledger, trades));
        var runner = new GraphRunner<TradingState>(graph.Definition, new InMemoryGraphStore(), bus, clock);

        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            if (!calendar.IsTradingDay(day)) continue;
            var open = KrxCalendar.OpenOn(day);
            clock.JumpTo(open);
            host.Exchange.Step();
            foreach (var t in tickers)
            {
                var (bids, asks) = host.Exchange.Depth(t);
                decimal open1, last1;
                lock (host.Exchange.Gate) (open1, last1) = (host.Exchange.Instrument(t)!.Open, host.Exchange.Instrument(t)!.Last);
                _openings[(day, t)] = $"open {open1:0} last {last1:0} bid {(bids.Count > 0 ? bids[0].Price : 0):0} ask {(asks.Count > 0 ? asks[0].Price : 0):0}";
            }
            var run = await runner.StartAsync("parity");
            Assert.True(run.Status != RunStatus.Failed, $"{day:yyyy-MM-dd}: the live run failed: {run.Message}");
            for (var minute = 1; open.AddMinutes(minute) < KrxCalendar.CloseOn(day); minute++)
            {
                clock.JumpTo(open.AddMinutes(minute));
                host.Exchange.Step();
            }
            clock.JumpTo(KrxCalendar.CloseOn(day));
            await tracker.PollOnceAsync();
        }
        var orders = await ledger.ListAsync(DateTimeOffset.MinValue, clock.GetUtcNow().AddDays(1));
        return [.. orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Ticker, StringComparer.Ordinal)
            .Select(o => Key(o.CreatedAt, o.Ticker, o.Side, o.Type.ToString(), o.Quantity, o.LimitPrice, o.Status.ToString()))];
    }

    internal sealed record OrderKey(DateOnly Session, string Ticker, Side Side, string Type, long Quantity, decimal? LimitPrice, string Status)
    {
        public (DateOnly, string, Side, string, long, decimal?) Identity => (Session, Ticker, Side, Type, Quantity, LimitPrice);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Session:yyyy-MM-dd} {Ticker} {Side} {Type} {Quantity} @ {LimitPrice?.ToString("0", CultureInfo.InvariantCulture) ?? "market"} ({Status})");
    }

    private static OrderKey Key(DateTimeOffset time, string ticker, Side side, string type, long quantity, decimal? limit, string status) =>
        new(KrxCalendar.KstDate(time), ticker, side, type, quantity, limit, status);

    /// <summary>Each order on one side without its twin on the other, paired by session and ticker where both sent one
    /// (so a different quantity or price reads as one line).</summary>
    private List<string> Differences(IReadOnlyList<OrderKey> live, IReadOnlyList<OrderKey> backtest)
    {
        var unmatchedBacktest = backtest.ToList();
        var onlyLive = new List<OrderKey>();
        foreach (var o in live)
        {
            var twin = unmatchedBacktest.FindIndex(b => b.Identity == o.Identity);
            if (twin >= 0) unmatchedBacktest.RemoveAt(twin);
            else onlyLive.Add(o);
        }
        var lines = new List<string>();
        foreach (var o in onlyLive)
        {
            var near = unmatchedBacktest.FindIndex(b => b.Session == o.Session && b.Ticker == o.Ticker && b.Side == o.Side);
            if (near >= 0)
            {
                lines.Add($"differs: live {o} / backtest {unmatchedBacktest[near]}; simulator at the decision: {_openings.GetValueOrDefault((o.Session, o.Ticker))}");
                unmatchedBacktest.RemoveAt(near);
            }
            else lines.Add($"live only: {o}");
        }
        lines.AddRange(unmatchedBacktest.Select(b => $"backtest only: {b}"));
        return lines;
    }

    private static string Describe(IReadOnlyList<OrderKey> live, IReadOnlyList<OrderKey> backtest)
    {
        var text = new StringBuilder();
        text.AppendLine("live orders:");
        foreach (var o in live) text.AppendLine("  " + o);
        text.AppendLine("backtest orders:");
        foreach (var o in backtest) text.AppendLine("  " + o);
        return text.ToString();
    }

    private static DateOnly NextWeekday(DateOnly day)
    {
        var d = day.AddDays(1);
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d;
    }

    /// <summary>Six liquid instruments on both markets and across the tick table's steps.</summary>
    private static List<SimulatedInstrument> Universe() =>
    [
        new() { Code = "910001", Name = "패리티01", Market = KrxMarket.Kospi, Price = 3_500m, DailyVolume = 3_000_000, ListedShares = 50_000_000, Sector = "테스트" },
        new() { Code = "910002", Name = "패리티02", Market = KrxMarket.Kospi, Price = 18_000m, DailyVolume = 2_000_000, ListedShares = 50_000_000, Sector = "테스트" },
        new() { Code = "910003", Name = "패리티03", Market = KrxMarket.Kospi, Price = 72_000m, DailyVolume = 1_500_000, ListedShares = 50_000_000, Sector = "테스트" },
        new() { Code = "910004", Name = "패리티04", Market = KrxMarket.Kospi, Price = 240_000m, DailyVolume = 600_000, ListedShares = 50_000_000, Sector = "테스트" },
        new() { Code = "910005", Name = "패리티05", Market = KrxMarket.Kosdaq, Price = 9_000m, DailyVolume = 2_500_000, ListedShares = 50_000_000, Sector = "테스트" },
        new() { Code = "910006", Name = "패리티06", Market = KrxMarket.Kosdaq, Price = 55_000m, DailyVolume = 1_000_000, ListedShares = 50_000_000, Sector = "테스트" },
    ];

    private sealed class FixedSelector(IDecisionEngine engine) : IDecisionEngineSelector
    {
        public Task<EngineChoice> SelectAsync(CancellationToken ct = default) => Task.FromResult(new EngineChoice(engine, null));
    }
}
