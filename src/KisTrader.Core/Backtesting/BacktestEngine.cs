using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// Runs one backtest: the operational graph's six nodes, unchanged, with the real market analyzer, risk engine, order
/// gateway (with its marketable pricer) and fill tracker, over the backtest's ports (<see cref="HistoricalMarketData"/>,
/// <see cref="SimulatedBroker"/>) on the simulated clock, with the product's in-memory stores as scratch space. Each
/// session: one graph run at the decision time, the fill tracker's single poll at the close (never its background
/// loop), the equity mark. Buy-and-hold runs <see cref="BuyAndHoldStrategy"/> instead of the graph. The benchmarks
/// (buy-and-hold over the same instruments, KOSPI when its bars are stored) run over the same sessions. At minute
/// resolution the clock steps through every minute, the graph runs every <see cref="BacktestRequest.CadenceMinutes"/>
/// (the fill tracker's poll before each run and at the close), and orders fill against the following minute bars.
/// <paramref name="trades"/>: where the graph's trade recorder writes (each trade with its decision's features), when
/// the caller wants the trade record (the learning benchmark reflects over it); a scratch store otherwise.
/// <paramref name="analyses"/>: sees each market analysis the graph decides on (with <see cref="BacktestRequest.MlSignal"/>'s
/// probabilities), for a caller that scores what the engine saw (the ML training's rules baseline).
/// </summary>
public sealed class BacktestEngine(ILlmClient? llm = null, Ports.ITradeStore? trades = null, Action<MarketAnalysis>? analyses = null)
{
    public async Task<BacktestReport> RunAsync(BacktestRequest request, BacktestBars bars,
        IProgress<BacktestProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bars);
        if (request.Engine == BacktestEngineKind.Llm && (llm is null || request.Prompt is null))
            throw new BacktestInputException("The LLM engine needs an LLM client and a prompt version.");
        var history = bars.History;
        var calendar = CalendarOf(history, request.From, request.To);
        var options = new SimulatedBrokerOptions
        {
            InitialCash = request.InitialCash,
            Slippage = request.Slippage,
            Costs = new TradingCosts(request.CommissionRate),
        };
        var session = BacktestSession.Create(history, request.From, request.To, calendar, options);
        var total = session.Sessions.Count;
        var done = 0;
        progress?.Report(new BacktestProgress(0, total, null));
        void Step(DateOnly day) => progress?.Report(new BacktestProgress(++done, total, day));

        BacktestResult result;
        IReadOnlyList<BacktestOrder> orders;
        int decisions = 0, noDecisions = 0;
        if (request.Engine == BacktestEngineKind.BuyAndHold)
        {
            result = await RunBuyAndHoldAsync(session, request, Step, ct).ConfigureAwait(false);
            orders = OrdersOf(result.Orders);
        }
        else
        {
            var run = await RunGraphAsync(session, request, Step, ct).ConfigureAwait(false);
            (result, orders, decisions, noDecisions) = run;
        }

        var benchmark = request.Engine == BacktestEngineKind.BuyAndHold
            ? result
            : await RunBuyAndHoldAsync(BacktestSession.Create(history, request.From, request.To, calendar, options), request, null, ct).ConfigureAwait(false);
        var index = IndexCurve(bars.Index, session.Sessions, request.InitialCash);
        var indexMetrics = index is null ? null
            : BacktestMetrics.Compute(request.InitialCash, [.. index.Select(p => new EquityPoint(p.Date, p.Equity, p.Equity))], [], request.RiskFreeRate);
        return new BacktestReport(
            Summary(request, history.Tickers),
            bars.Range,
            result.Metrics,
            benchmark.Metrics,
            indexMetrics,
            index is null ? $"not available: no KOSPI ({History.MarketIndexes.Kospi}) bars in the period" : $"KOSPI ({History.MarketIndexes.Kospi})",
            decisions,
            noDecisions,
            BacktestAnalysis.Contributions(history, result.Fills, request.InitialCash, request.To),
            BacktestAnalysis.Monthly(request.InitialCash, result.Equity, benchmark.Equity, index),
            BacktestAnalysis.Daily(request.InitialCash, result.Equity, benchmark.Equity, index),
            orders,
            result.Fills);
    }

    private static Task<BacktestResult> RunBuyAndHoldAsync(BacktestSession session, BacktestRequest request, Action<DateOnly>? step, CancellationToken ct)
    {
        // Benchmark and engine alike: bought at the first open, marked at each close, not liquidated.
        var strategy = new BuyAndHoldStrategy(new BuyAndHoldOptions { RiskFreeRate = request.RiskFreeRate });
        return step is null ? strategy.RunAsync(session, ct) : strategy.RunAsync(session, step, ct);
    }

    private async Task<(BacktestResult, IReadOnlyList<BacktestOrder>, int, int)> RunGraphAsync(
        BacktestSession session, BacktestRequest request, Action<DateOnly> step, CancellationToken ct)
    {
        var (clock, market, broker, history) = (session.Clock, session.Market, session.Broker, session.History);
        var ledger = new InMemoryOrderLedger(clock);
        using var bus = new InMemoryEventBus();
        var recorder = new LedgerRecorder(ledger, bus, clock);
        IStrategyRules rules = request.StrategyRules.Count > 0 ? new ActiveStrategyRules(request.StrategyRules) : NoStrategyRules.Instance;
        var contexts = new RiskContextBuilder(broker, market, ledger, new InMemoryTradingModeStore(), rules,
            new StaticTradingUniverse(history.Tickers), new InMemoryEquityMarks(clock), clock);
        var gateway = new OrderGateway(new RiskEngine(request.RiskLimits, new TradingCosts(request.CommissionRate)), contexts, recorder, broker, broker, clock)
        {
            Pricer = new MarketablePricer(new TickCache(), new OrderBookCache(), market, () => FeedState.Connected, clock, new SlippageBound(3, 1m), TimeSpan.FromSeconds(10)),
        };
        var tracker = new FillTracker(bus, recorder, broker, gateway, clock, new FillTrackerOptions { CancelStaleAfter = null });
        var graphOptions = new OperationalGraphOptions { Watchlist = history.Tickers, ApprovalMode = ApprovalMode.Off };
        var approvals = new InMemoryApprovalStore();
        var analyzerOptions = new MarketAnalyzerOptions { Calendar = session.Calendar };
        // The live analyzer, its indicators read from the history already in memory (the same values, not recomputed
        // from a copied window at every session).
        IMarketAnalyzer analyzer = new MarketAnalyzer(new TickCache(), market, () => FeedState.Connected, clock, analyzerOptions,
            new BarHistoryIndicators(history, analyzerOptions.HistoryCalendarDays));
        if (request.MlSignal is not null || analyses is not null) analyzer = new MlScoredAnalyzer(analyzer, request.MlSignal, analyses, clock);
        var engine = new CountingEngine(request.Engine == BacktestEngineKind.Llm
            ? new LlmDecisionEngine(llm!, new FixedPrompt(request.Prompt!), new InMemoryLlmUsageStore(), clock, new LlmEngineOptions { RiskLimits = request.RiskLimits })
            : new RulesDecisionEngine(request.RulesOptions));
        using var tradeRecorder = new TradeRecorder(trades ?? new InMemoryTradeStore(), ledger, bus);
        var graph = new OperationalGraph(
            new DiagnosePortfolioNode(broker, new EquityRecorder(new InMemoryEquityPoints(), bus), clock),
            new AnalyzeMarketNode(analyzer, graphOptions),
            new DecideNode(new FixedSelector(engine), graphOptions, clock),
            new CheckRiskNode(gateway, approvals, new ApprovalProposals(approvals, new InMemoryAuditLog(), bus), graphOptions, clock),
            new ExecuteOrdersNode(gateway, ledger, approvals, clock),
            new RecordAndReportNode(ledger, tradeRecorder));
        // Nobody resumes a backtest's runs or reads their steps: no state checkpoints, and only the latest run kept.
        var runner = new GraphRunner<TradingState>(graph.Definition, new BoundedGraphStore(), bus, clock) { Checkpoints = false };

        Func<DateOnly, CancellationToken, Task> decide = async (_, token) => await runner.StartAsync("backtest", token).ConfigureAwait(false);
        var result = request.Resolution == History.BarResolution.Minute
            ? await session.RunMinutesAsync(request.CadenceMinutes,
                // Minute resolution: the fill tracker books what filled since the last run, then the graph decides.
                atCadence: async (day, token) =>
                {
                    await tracker.PollOnceAsync(token).ConfigureAwait(false);
                    await runner.StartAsync("backtest", token).ConfigureAwait(false);
                },
                atClose: async (day, token) =>
                {
                    await tracker.PollOnceAsync(token).ConfigureAwait(false);
                    step(day);
                },
                riskFreeRate: request.RiskFreeRate,
                ct: ct).ConfigureAwait(false)
            : await session.RunAsync(
            atOpen: request.DecisionTime is BacktestDecisionTime.Open or BacktestDecisionTime.OpenAndBeforeClose ? decide : null,
            beforeClose: request.DecisionTime is BacktestDecisionTime.BeforeClose or BacktestDecisionTime.OpenAndBeforeClose ? decide : null,
            atClose: async (day, token) =>
            {
                await tracker.PollOnceAsync(token).ConfigureAwait(false);
                step(day);
            },
            riskFreeRate: request.RiskFreeRate,
            ct: ct).ConfigureAwait(false);
        // Fills are seen at the close, after the run that placed them: the trade record is written from the ledger at the
        // end (what start-up's catch-up does live), once, in the ledger's order.
        if (trades is not null) await tradeRecorder.RecordMissingAsync(DateTimeOffset.MinValue, clock.GetUtcNow().AddDays(1), ct).ConfigureAwait(false);
        var all = await ledger.ListAsync(DateTimeOffset.MinValue, clock.GetUtcNow().AddDays(1), ct).ConfigureAwait(false);
        return (result, OrdersOf(all), engine.Decisions, engine.NoDecisions);
    }

    /// <summary>The trading calendar of the data: the product's holidays, plus every weekday in the period on which no
    /// instrument has a bar (a holiday the built-in list does not know, for years before it).</summary>
    private static KrxCalendar CalendarOf(BarHistory history, DateOnly from, DateOnly to)
    {
        var traded = new HashSet<DateOnly>();
        foreach (var ticker in history.Tickers)
            foreach (var bar in history.VisibleBetween(ticker, from, to, KrxCalendar.CloseOn(to)))
                traded.Add(bar.Date);
        var holidays = new SortedSet<DateOnly>(KrxCalendar.DefaultHolidays);
        for (var d = from; d <= to; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !traded.Contains(d)) holidays.Add(d);
        return new KrxCalendar(holidays);
    }

    private static IReadOnlyList<BacktestOrder> OrdersOf(IReadOnlyList<LedgerOrder> ledger) =>
        [.. ledger
            // Ids are random: order by what is deterministic (time, then the broker's sequential number).
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.BrokerOrderNo ?? "~", StringComparer.Ordinal).ThenBy(o => o.Ticker, StringComparer.Ordinal)
            .ThenBy(o => o.Side).ThenBy(o => o.Quantity).ThenBy(o => o.LimitPrice)
            .Select((o, i) => new BacktestOrder(i + 1, o.CreatedAt, o.Ticker, o.Side, o.Quantity, o.Type.ToString(), o.LimitPrice, o.Status.ToString(),
                o.FilledQuantity, o.AverageFillPrice, o.BrokerOrderNo, o.Justification, o.LastError))];

    private static IReadOnlyList<BacktestOrder> OrdersOf(IReadOnlyList<SimulatedOrder> orders) =>
        [.. orders.Select((o, i) => new BacktestOrder(i + 1, o.AcceptedAt, o.Ticker, o.Side, o.Quantity, o.Type.ToString(), o.Price == 0 ? null : o.Price,
            o.Remaining == 0 && o.FilledQuantity == o.Quantity ? "Filled" : o.FilledQuantity > 0 ? "PartiallyFilled" : "Cancelled",
            o.FilledQuantity, o.FilledQuantity > 0 ? o.AverageFillPrice : null, o.OrderNo, "buy-and-hold: equal weights at the first open", o.Note))];

    private static IReadOnlyList<DailyIndex>? IndexCurve(IReadOnlyList<Bar> index, IReadOnlyList<DateOnly> sessions, decimal initialCash)
    {
        var byDate = index.ToDictionary(b => b.Date, b => b.Close);
        if (!sessions.Any(byDate.ContainsKey)) return null;
        var before = index.LastOrDefault(b => b.Date < sessions[0]);
        var firstIn = index.First(b => b.Date >= sessions[0]);
        var basis = before?.Close ?? firstIn.Open;
        var curve = new List<DailyIndex>();
        var last = basis;
        foreach (var day in sessions)
        {
            // A session without an index bar carries the last close.
            if (byDate.TryGetValue(day, out var close)) last = close;
            curve.Add(new DailyIndex(day, Math.Round(initialCash * last / basis, 0, MidpointRounding.ToEven)));
        }
        return curve;
    }

    private static BacktestRequestSummary Summary(BacktestRequest r, IReadOnlyList<string> tickers) => new(
        r.From, r.To, tickers, r.Engine switch { BacktestEngineKind.Rules => "rules", BacktestEngineKind.Llm => "llm", _ => "buy-and-hold" },
        r.Resolution.ToString().ToLowerInvariant(), r.InitialCash,
        // Minute resolution decides on a cadence, not at the open or before the close.
        r.Resolution == History.BarResolution.Minute ? $"Every{r.CadenceMinutes}Minutes" : r.DecisionTime.ToString(), r.Slippage.Ticks, r.Slippage.RangeFraction,
        r.Slippage.ParticipationCap, r.CommissionRate, r.Prompt?.Version, [.. r.StrategyRules.Select(x => x.RuleId)], r.Slippage.SellsMeetTheBid);

    private sealed class FixedSelector(IDecisionEngine engine) : IDecisionEngineSelector
    {
        public Task<EngineChoice> SelectAsync(CancellationToken ct = default) => Task.FromResult(new EngineChoice(engine, null));
    }

    private sealed class FixedPrompt(PromptText prompt) : IPromptSource
    {
        public Task<PromptText> GetActiveAsync(CancellationToken ct = default) => Task.FromResult(prompt);
    }

    /// <summary>Counts the decisions and those that came back without a plan (an LLM with no cached or affordable
    /// answer, or a refused answer): "no decision", never an invented one.</summary>
    private sealed class CountingEngine(IDecisionEngine inner) : IDecisionEngine
    {
        public int Decisions;
        public int NoDecisions;
        public string Name => inner.Name;

        public async Task<DecisionResult> DecideAsync(DecisionInput input, CancellationToken ct = default)
        {
            var result = await inner.DecideAsync(input, ct).ConfigureAwait(false);
            Decisions++;
            if (result.Plan is null) NoDecisions++;
            return result;
        }
    }
}

public sealed record DailyIndex(DateOnly Date, decimal Equity);
