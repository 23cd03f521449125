using System.Diagnostics;
using System.Globalization;
using System.Text;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Kis;
using KisTrader.Simulator;
using KisTrader.Testing.Soak;
using KisTrader.Web.Scheduling;

namespace KisTrader.Benchmarks;

/// <summary>decision-cycle (issue 18, goal 2): one operational run (the six nodes, the rules engine, the risk engine, the
/// order gateway, the SQLite stores: the app as <see cref="ComposedApp"/> composes it) over a watchlist of 40 instruments,
/// against a KIS simulator on loopback (real HTTP and WebSocket; its own universe of 40 liquid instruments, since the
/// built-in one has about 20), started one after another through <see cref="IOperationalRunner"/> as "Run now" does.
/// Per run: wall time, the run's own REST calls (<see cref="KisRequestScope"/> around the run, by TR id) against the budget
/// of 3 plus 1 per order sent, the client's background calls meanwhile (<see cref="KisStatus.RequestsTotal"/> minus the
/// run's: the fill tracker's polling, which a run does not make), and each node's time from the run's steps. Baseline, measured between the runs: one REST quote
/// (<see cref="IMarketData.GetQuoteAsync"/>) on the same client, i.e. one loopback round trip. Scaling: the same with a
/// watchlist half as long (and a quarter in a full run); 40 is the product's limit (the realtime feed's subscriptions).
/// Pacing: the client spaces REST calls to the KIS per-second limit (20/s against the simulator, one permit of burst), so
/// each run also reports the time its calls waited for permits (<see cref="KisRequestScope.PermitWait"/>), and a second
/// configuration, measured in the same run, takes the limiter out of the way (client and simulator at
/// <see cref="UnpacedPerSecond"/>/s): the product's own cost. The goal's figure stays the paced, production one.
/// </summary>
public static class DecisionCycleBenchmark
{
    private const int Instruments = 40;
    /// <summary>The paced configuration's rate: Kis:Environment=Simulator's default (KisClientOptions).</summary>
    private const double PacedPerSecond = 20;
    /// <summary>The unpaced configuration's rate, client and simulator alike: the largest Kis:RequestsPerSecond accepts
    /// (10 ms between calls, less than the product takes between two calls of a run; what is still waited is reported).</summary>
    private const double UnpacedPerSecond = 100;

    private sealed record Run(double WallMs, long RestCalls, int OrdersSent, int Planned, IReadOnlyDictionary<string, long> NodeMs, string Status)
    {
        /// <summary>Time the run's own calls waited for rate-limit permits.</summary>
        public double PermitWaitMs { get; init; }
        public double OwnMs => WallMs - PermitWaitMs;
        /// <summary>The run's own calls by TR id.</summary>
        public IReadOnlyDictionary<string, long> ByTrId { get; init; } = new Dictionary<string, long>();
        /// <summary>Calls the client made meanwhile outside the run, by TR id.</summary>
        public IReadOnlyDictionary<string, long> BackgroundByTrId { get; init; } = new Dictionary<string, long>();
        public long Background => BackgroundByTrId.Values.Sum();
    }

    private sealed record Load(int Watchlist, bool Paced, List<Run> Runs, List<double> QuoteMs)
    {
        /// <summary>The baseline quotes' own permit waits.</summary>
        public List<double> QuoteWaitMs { get; } = [];
        /// <summary>Today's ledger orders at the end, the p50 of reading them all (what every risk context did before goal 2's
        /// fix), and the p50 of what it reads now: the count of those sent and the orders changed since a run's start.</summary>
        public (int Orders, double Ms, double RiskReadMs) TodaysOrders { get; set; }
    }

    public static async Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        var measured = BenchmarkMode.Pick(full: 200, quick: 40);
        var sizes = BenchmarkMode.Quick ? new[] { Instruments / 2, Instruments } : [Instruments / 4, Instruments / 2, Instruments];
        var simSettings = new SimulatorSettings
        {
            Mode = SimulatorMode.Paper,
            AlwaysOpen = true,
            Universe = Universe(),
            TickInterval = TimeSpan.FromMilliseconds(200),
            HistoryDays = 400,
        };
        var simPerSecond = simSettings.RateLimitPerSecond;
        await using var sim = await SimulatorHost.StartAsync(simSettings);
        var loads = new List<Load>();
        foreach (var size in sizes)
            loads.Add(await MeasureAsync(sim, size, measured, paced: true));
        // The simulator reads its rate per request: raised with the client's, so it does not answer EGW00201.
        simSettings.RateLimitPerSecond = UnpacedPerSecond;
        var unpaced = await MeasureAsync(sim, Instruments, measured, paced: false);
        simSettings.RateLimitPerSecond = simPerSecond;
        return Section(machine, measured, loads, unpaced, simPerSecond);
    }

    private static async Task<Load> MeasureAsync(SimulatorHost sim, int size, int measured, bool paced)
    {
        var codes = Universe().Take(size).Select(i => i.Code).ToList();
        // The rules engine trades as in the soak (SoakSettings.TradeALot); the risk limits are set out of the way.
        var settings = new Dictionary<string, string?>(SoakSettings.TradeALot)
        {
            ["Kis:Environment"] = "Simulator",
            ["Kis:RestBaseUrl"] = sim.BaseUrl.ToString(),
            ["Kis:WebSocketUrl"] = sim.WebSocketUrl.ToString(),
            // Each app its own simulator account (the simulator opens one for any 8-digit number).
            ["Kis:AccountNumber"] = ((paced ? 70_000_000 : 71_000_000) + size).ToString(CultureInfo.InvariantCulture),
            ["Kis:RequestsPerSecond"] = (paced ? PacedPerSecond : UnpacedPerSecond).ToString(CultureInfo.InvariantCulture),
            ["Kis:AppKey"] = "bench-" + Guid.NewGuid().ToString("N"),
            ["Kis:AppSecret"] = "bench-secret-" + Guid.NewGuid().ToString("N"),
            ["Trading:ApprovalMode"] = "Off",
            ["Risk:MaxOrdersPerDay"] = "10000",
            ["Risk:MaxOrderValueKrw"] = "20000000",
            ["Risk:DailyLossLimitPercent"] = "100",
            ["Risk:WeeklyLossLimitPercent"] = "100",
        };
        for (var i = 0; i < codes.Count; i++) settings[$"Trading:Watchlist:{i}"] = codes[i];

        var name = paced ? "paced" : "unpaced";
        Console.WriteLine($"decision-cycle: {size} instruments, {name}, starting the app");
        await using var app = await ComposedApp.StartAsync(settings);
        var ticks = app.Get<TickCache>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!codes.All(c => ticks.TryGet(c, out var t) && t.BestAsk > 0))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no tick of every watched instrument within 30 s");
            await Task.Delay(50);
        }
        var runner = app.Get<IOperationalRunner>();
        var status = app.Get<KisStatus>();
        var graphs = app.Get<IGraphStore>();
        var market = app.Get<IMarketData>();

        // Warm-up: the first run of a day reads each ticker's daily history (cached for the day), and the JIT.
        for (var i = 0; i < 3; i++) await TimedRunAsync(runner, status, graphs, "warm-up");
        var load = new Load(size, paced, [], []);
        for (var i = 0; i < measured; i++)
        {
            load.Runs.Add(await TimedRunAsync(runner, status, graphs, "bench"));
            using var scope = KisRequestScope.Begin();
            var t0 = Stopwatch.GetTimestamp();
            await market.GetQuoteAsync(codes[i % codes.Count]);
            load.QuoteMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            load.QuoteWaitMs.Add(scope.PermitWait.TotalMilliseconds);
        }
        // What each risk context (every preview and every order sent) reads: all of today's orders.
        var ledger = app.Get<IOrderLedger>();
        var clock = app.Get<TimeProvider>();
        var reads = new List<double>();
        var riskReads = new List<double>();
        var count = 0;
        var runStart = clock.GetUtcNow() - TimeSpan.FromMilliseconds(load.Runs[^1].WallMs);
        LedgerOrderStatus[] sent = [LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled, LedgerOrderStatus.Filled, LedgerOrderStatus.Cancelled, LedgerOrderStatus.Unknown];
        for (var i = 0; i < 20; i++)
        {
            var dayStart = KoreaTime.StartOfDay(clock.GetUtcNow());
            var t0 = Stopwatch.GetTimestamp();
            count = (await ledger.ListAsync(dayStart, dayStart.AddDays(1))).Count;
            reads.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            t0 = Stopwatch.GetTimestamp();
            await ledger.CountAsync(dayStart, dayStart.AddDays(1), sent);
            await ledger.ListChangedSinceAsync(dayStart, dayStart.AddDays(1), runStart);
            riskReads.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        load.TodaysOrders = (count, P(reads, 0.5), P(riskReads, 0.5));
        var failed = load.Runs.Count(r => r.Status != nameof(RunStatus.Completed));
        Console.WriteLine($"decision-cycle: {size} instruments, {name}, p50 {P(load.Runs.Select(r => r.WallMs), 0.5):0.0} ms, " +
                          $"permit wait p50 {P(load.Runs.Select(r => r.PermitWaitMs), 0.5):0.0} ms, " +
                          $"{load.Runs.Sum(r => r.OrdersSent)} orders sent, {failed} runs not completed");
        return load;
    }

    private static async Task<Run> TimedRunAsync(IOperationalRunner runner, KisStatus status, IGraphStore graphs, string trigger)
    {
        var before = status.RequestsByTrId;
        var t0 = Stopwatch.GetTimestamp();
        OperationalRunOutcome outcome;
        IReadOnlyDictionary<string, long> own;
        TimeSpan permitWait;
        using (var scope = KisRequestScope.Begin())
        {
            outcome = await runner.RunAsync(trigger);
            own = scope.ByTrId;
            permitWait = scope.PermitWait;
        }
        var wall = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var after = status.RequestsByTrId;
        var background = after.Select(kv => (kv.Key, N: kv.Value - before.GetValueOrDefault(kv.Key) - own.GetValueOrDefault(kv.Key)))
            .Where(x => x.N > 0).ToDictionary(x => x.Key, x => x.N);
        var rest = own.Values.Sum();
        if (outcome.RunId is null) throw new InvalidOperationException($"The run did not start: {outcome.Summary}");
        var run = await graphs.GetRunAsync(outcome.RunId) ?? throw new InvalidOperationException($"run {outcome.RunId} not stored");
        var state = GraphJson.Deserialize<TradingState>(run.StateJson);
        var steps = await graphs.StepsAsync(outcome.RunId);
        var nodes = steps.GroupBy(s => s.Node).ToDictionary(g => g.Key, g => g.Sum(s => s.DurationMs));
        return new Run(wall, rest, state.Executions.Count(e => e.Status == SubmissionStatus.Accepted), state.Plan?.Orders.Count ?? 0, nodes,
            outcome.Status) { ByTrId = own, BackgroundByTrId = background, PermitWaitMs = permitWait.TotalMilliseconds };
    }

    /// <summary>40 liquid instruments, KOSPI and KOSDAQ alternately, prices from 5,000 to 83,000 KRW.</summary>
    private static List<SimulatedInstrument> Universe() =>
        [.. Enumerable.Range(0, Instruments).Select(i => new SimulatedInstrument
        {
            Code = (910100 + i).ToString(CultureInfo.InvariantCulture),
            Name = $"벤치{i:D2}",
            Market = i % 3 == 0 ? KrxMarket.Kosdaq : KrxMarket.Kospi,
            Price = 5_000m + 2_000m * i,
            DailyVolume = 2_000_000,
            ListedShares = 50_000_000,
            Sector = "벤치마크",
        })];

    private static double P(IEnumerable<double> values, double q) => BenchmarkReport.Quantile([.. values.Order()], q);

    /// <summary>A quantile as table text, or "–" when there are no values.</summary>
    private static string Q(List<double> values, double q) => values.Count == 0 ? "–" : FormattableString.Invariant($"{P(values, q):0} ms");

    private static List<double> NodeMs(List<Run> runs, string node) =>
        [.. runs.Where(r => r.NodeMs.ContainsKey(node)).Select(r => (double)r.NodeMs[node])];

    /// <summary>The permit wait's share of the runs' summed wall time.</summary>
    private static double WaitShare(Load l) => l.Runs.Sum(r => r.PermitWaitMs) / l.Runs.Sum(r => r.WallMs);

    /// <summary>The pacing floor of a run: N calls at R/s cannot span less than (N − 1)/R, whatever the product does.</summary>
    private static double FloorMs(Run r) => Math.Max(0, r.RestCalls - 1) * 1000 / PacedPerSecond;

    private static string Section(string machine, int measured, List<Load> loads, Load unpaced, double simPerSecond)
    {
        var full = loads[^1];
        var runs = full.Runs;
        var p50 = P(runs.Select(r => r.WallMs), 0.5);
        var p99 = P(runs.Select(r => r.WallMs), 0.99);
        var quote50 = P(full.QuoteMs, 0.5);
        var overBudget = runs.Count(r => r.RestCalls > 3 + r.OrdersSent);
        var free50 = P(unpaced.Runs.Select(r => r.WallMs), 0.5);
        var free99 = P(unpaced.Runs.Select(r => r.WallMs), 0.99);
        BenchmarkReport.Goal(2, "decision cycle, rules engine, 40 instruments, simulator on loopback (p50 / p99 < 50 / 200 ms; REST ≤ 3 + 1 per order)",
            FormattableString.Invariant($"p50 {p50:0.0} ms, p99 {p99:0.0} ms; {overBudget} of {runs.Count} runs over the REST budget; permit wait (KIS pacing, {PacedPerSecond:0}/s) {WaitShare(full):P0} of run time; limiter out of the way p50 {free50:0.0} ms, p99 {free99:0.0} ms"),
            FormattableString.Invariant($"one REST quote p50 {quote50:0.00} ms"), p50 / quote50, p50 < 50 && p99 < 200 && overBudget == 0);
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"""
            ## Decision cycle (goal 2): one operational run over {Instruments} instruments against the simulator on loopback

            The app composed in process (`KisTraderHost`, SQLite stores, rules engine, approval off) against a KIS simulator
            (paper mode, its own universe of {Instruments} liquid instruments, real HTTP and WebSocket on loopback); {measured}
            runs one after another through `IOperationalRunner` ("Run now"), after 3 warm-up runs. Baseline: one REST quote on
            the same client between two runs (one loopback round trip). Mode: {BenchmarkMode.Name}. Machine: {machine}.

            | measure | goal | value | baseline (one REST quote) | ratio |
            |---|---|---:|---:|---:|
            | run wall time p50 | < 50 ms | {p50:0.0} ms | {quote50:0.00} ms | {p50 / quote50:0.0}× |
            | run wall time p99 | < 200 ms | {p99:0.0} ms | {P(full.QuoteMs, 0.99):0.00} ms | {p99 / P(full.QuoteMs, 0.99):0.0}× |
            | REST calls per run (max; the run's own) | ≤ 3 + 1 per order | {runs.Max(r => r.RestCalls)} (runs over budget: {overBudget} of {runs.Count}) | | |

            Pacing: the client waits for a rate-limit permit before each REST call ({PacedPerSecond:0}/s, burst 1, the default of
            `Kis:Environment=Simulator`; KIS refuses calls over its per-second limit and an order refused so is not retried). The
            permit wait is what `KisRequestScope` sums around the run; "own time" is the run's wall time less it. The unpaced
            configuration is the same app in the same process run with the limiter out of the way (`Kis:RequestsPerSecond`
            {UnpacedPerSecond:0} and the simulator's limit raised alike, from {simPerSecond:0}/s): the product's own cost, not the goal's figure.
            A run of N calls at {PacedPerSecond:0}/s cannot span less than (N − 1) × {1000 / PacedPerSecond:0} ms (the "pacing floor").

            | configuration (40 instruments) | run p50 | run p99 | permit wait p50 | p99 | own time p50 | p99 | wait share | pacing floor p50 | REST mean | orders sent | quote p50 (its wait) |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            """);
        foreach (var l in new[] { full, unpaced })
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {(l.Paced ? $"paced, {PacedPerSecond:0}/s (production)" : "unpaced (limiter out of the way)")} | {P(l.Runs.Select(r => r.WallMs), 0.5):0.0} ms | {P(l.Runs.Select(r => r.WallMs), 0.99):0.0} ms | " +
                $"{P(l.Runs.Select(r => r.PermitWaitMs), 0.5):0.0} ms | {P(l.Runs.Select(r => r.PermitWaitMs), 0.99):0.0} ms | {P(l.Runs.Select(r => r.OwnMs), 0.5):0.0} ms | {P(l.Runs.Select(r => r.OwnMs), 0.99):0.0} ms | " +
                $"{WaitShare(l):P0} | {P(l.Runs.Select(FloorMs), 0.5):0} ms | {l.Runs.Average(r => r.RestCalls):0.00} | {l.Runs.Sum(r => r.OrdersSent)} | {P(l.QuoteMs, 0.5):0.00} ms ({P(l.QuoteWaitMs, 0.5):0.00} ms) |");
        s.AppendLine(CultureInfo.InvariantCulture, $"""

            Orders: {runs.Sum(r => r.Planned)} planned, {runs.Sum(r => r.OrdersSent)} sent over the {runs.Count} runs; the run's own REST calls
            (counted by `KisRequestScope` around the run) p50 {P(runs.Select(r => (double)r.RestCalls), 0.5):0}, mean {runs.Average(r => r.RestCalls):0.00};
            the client's background calls while a run was going (not the run's: counted by `KisStatus` only) mean {runs.Average(r => r.Background):0.00},
            max {runs.Max(r => r.Background)}; runs not completed: {runs.Count(r => r.Status != nameof(RunStatus.Completed))}.

            REST calls by TR id over the {runs.Count} runs (the run's own; background):

            | TR id | the runs' own | background |
            |---|---:|---:|
            """);
        foreach (var tr in runs.SelectMany(r => r.ByTrId.Keys.Concat(r.BackgroundByTrId.Keys)).Distinct().Order(StringComparer.Ordinal))
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {tr} | {runs.Sum(r => r.ByTrId.GetValueOrDefault(tr))} | {runs.Sum(r => r.BackgroundByTrId.GetValueOrDefault(tr))} |");
        s.AppendLine(CultureInfo.InvariantCulture, $"""

            Per node ({Instruments} instruments; the runner's step durations, whole milliseconds; paced, and unpaced beside):

            | node | p50 | p99 | mean | unpaced p50 | unpaced p99 |
            |---|---:|---:|---:|---:|---:|
            """);
        foreach (var node in new[] { OperationalGraph.DiagnosePortfolio, OperationalGraph.AnalyzeMarket, OperationalGraph.Decide,
                     OperationalGraph.CheckRisk, OperationalGraph.ExecuteOrders, OperationalGraph.RecordAndReport })
        {
            var values = NodeMs(runs, node);
            if (values.Count == 0) continue;
            var free = NodeMs(unpaced.Runs, node);
            s.AppendLine(CultureInfo.InvariantCulture, $"| {node} ({values.Count} runs) | {P(values, 0.5):0} ms | {P(values, 0.99):0} ms | {values.Average():0.0} ms | {Q(free, 0.5)} | {Q(free, 0.99)} |");
        }
        static List<double> Overhead(List<Run> rs) => [.. rs.Select(r => r.WallMs - r.NodeMs.Values.Sum())];
        static List<double> PerOrder(List<Run> rs) => [.. rs.Where(r => r.OrdersSent > 0 && r.NodeMs.ContainsKey(OperationalGraph.ExecuteOrders))
            .Select(r => (double)r.NodeMs[OperationalGraph.ExecuteOrders] / r.OrdersSent)];
        var overhead = Overhead(runs);
        var freeOverhead = Overhead(unpaced.Runs);
        s.AppendLine(CultureInfo.InvariantCulture, $"| the runner around the nodes (run wall time − the nodes' sum: checkpoints, steps) | {P(overhead, 0.5):0} ms | {P(overhead, 0.99):0} ms | {overhead.Average():0.0} ms | {Q(freeOverhead, 0.5)} | {Q(freeOverhead, 0.99)} |");
        var perOrder = PerOrder(runs);
        var freePerOrder = PerOrder(unpaced.Runs);
        if (perOrder.Count > 0)
            s.AppendLine(CultureInfo.InvariantCulture, $"| ExecuteOrders per order sent ({perOrder.Count} runs that sent) | {P(perOrder, 0.5):0} ms | {P(perOrder, 0.99):0} ms | {perOrder.Average():0.0} ms | {Q(freePerOrder, 0.5)} | {Q(freePerOrder, 0.99)} |");
        var tenth = Math.Max(1, runs.Count / 10);
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"""
            Over the day: run p50 of the first {tenth} runs {P(runs.Take(tenth).Select(r => r.WallMs), 0.5):0.0} ms, of the last {tenth} runs
            {P(runs.TakeLast(tenth).Select(r => r.WallMs), 0.5):0.0} ms. Today's ledger orders at the end: {full.TodaysOrders.Orders}; reading them all
            (`IOrderLedger.ListAsync` of the day, as every risk context did for each preview and each order sent before goal 2's fix)
            takes {full.TodaysOrders.Ms:0.0} ms, what a risk context reads now (`CountAsync` of those sent, `ListChangedSinceAsync`
            of the last run) {full.TodaysOrders.RiskReadMs:0.0} ms (p50s of 20).
            """);
        s.AppendLine();
        s.AppendLine("Scaling (the watchlist doubled; the ratio is to the row above):");
        s.AppendLine();
        s.AppendLine("| instruments | run p50 | run p99 | REST calls mean | orders sent | ratio of p50 |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < loads.Count; i++)
        {
            var l = loads[i];
            var lp50 = P(l.Runs.Select(r => r.WallMs), 0.5);
            var ratio = i == 0 ? "" : $"{lp50 / P(loads[i - 1].Runs.Select(r => r.WallMs), 0.5):0.00}×";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {l.Watchlist} | {lp50:0.0} ms | {P(l.Runs.Select(r => r.WallMs), 0.99):0.0} ms | {l.Runs.Average(r => r.RestCalls):0.00} | {l.Runs.Sum(r => r.OrdersSent)} | {ratio} |");
        }
        return s.ToString();
    }
}
