using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Testing.Backtesting;

namespace KisTrader.Benchmarks;

/// <summary>backtest-minute: issue 16's goal, the rules engine through the operational graph at minute resolution over
/// 20 instruments × 1 year (250 sessions) of minute bars, under 10 s. BenchmarkDotNet, in process, against a simple
/// baseline in the same run: the buy-and-hold engine over the same minute bars (the same simulated broker, its clock
/// jumping from open to close, without the graph). The graph runs every 30 minutes (12 runs a session). Each run's process CPU time is
/// recorded too (the machine is shared, so wall time alone says little). Sizes: MINUTE_INSTRUMENTS, MINUTE_SESSIONS,
/// MINUTE_CADENCE (quick mode: 5 × 30); BACKTEST_WARMUPS, BACKTEST_ITERATIONS as for backtest.</summary>
public static class MinuteBacktestBenchmark
{
    /// <summary>Sessions of minute bars before the backtested year, for the indicators (daily bars derived from them).</summary>
    internal const int WarmUpSessions = 65;

    internal static int Instruments { get; private set; } = 20;
    internal static int Sessions { get; private set; } = 250;
    internal static int Cadence { get; private set; } = 30;
    private static int Warmups => InProcessBenchmark.Warmups;
    private static int Iterations => InProcessBenchmark.Iterations;

    /// <summary>Process CPU time of every invocation per engine, in order (warm-up first, then the measured ones).</summary>
    internal static readonly Dictionary<string, List<TimeSpan>> Cpu = new(StringComparer.Ordinal);

    /// <summary>The orders of each engine's last run (the same every run: the backtest is deterministic).</summary>
    internal static readonly Dictionary<string, int> Orders = new(StringComparer.Ordinal);

    public static Task<string> RunAsync()
    {
        Instruments = InProcessBenchmark.Env("MINUTE_INSTRUMENTS", BenchmarkMode.Pick(20, 5));
        Sessions = InProcessBenchmark.Env("MINUTE_SESSIONS", BenchmarkMode.Pick(250, 30));
        Cadence = InProcessBenchmark.Env("MINUTE_CADENCE", 30);
        var machine = BenchmarkReport.Machine();
        return Task.FromResult(InProcessBenchmark.Run<MinuteBacktestRuns, string>("minute", InProcessBenchmark.Monitoring(), summary => Section(summary, machine)));
    }

    internal static async Task<int> MeasuredAsync(string name, Func<Task<int>> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var orders = await run();
        process.Refresh();
        lock (Cpu)
        {
            if (!Cpu.TryGetValue(name, out var list)) Cpu[name] = list = [];
            list.Add(process.TotalProcessorTime - cpu0);
            Orders[name] = orders;
        }
        return orders;
    }

    private static string Section(Summary summary, string machine)
    {
        double Mean(string method) => summary.MeanSeconds(method);
        double Alloc(string method) => summary.AllocatedMegabytes(method);
        // The measured invocations are the last `Iterations` of each engine (BenchmarkDotNet runs the warm-up first).
        double CpuMean(string method) => Cpu.TryGetValue(method, out var l) && l.Count > 0 ? l.TakeLast(Iterations).Average(t => t.TotalSeconds) : double.NaN;
        var baseline = Mean(nameof(MinuteBacktestRuns.BuyAndHold));
        var bars = (double)Instruments * Sessions * MinuteWalks.MinutesPerSession;
        string Line(string name, string method) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Mean(method):0.00} s | {CpuMean(method):0.00} s | {Mean(method) / baseline:0.0}× | {Mean(method) * 1e9 / bars:0} ns | {Alloc(method):0} MB | {Orders.GetValueOrDefault(method)} |");
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## Backtest: the rules engine over {Instruments} instruments × {Sessions} sessions of minute bars

            `BacktestEngine.RunAsync` with `Resolution = Minute` over seeded random-walk minute bars (`MinuteWalks`: {Instruments}
            instruments, {Sessions} sessions × 390 minutes = {bars:#,0} bars, after {WarmUpSessions} sessions of warm-up whose daily bars
            are derived from the minutes), already in memory as `BacktestBars`. The clock steps every minute; the operational graph
            runs every {Cadence} minutes ({(389 / Cadence)} runs a session) with the fill tracker's poll before each run and at the close.
            BenchmarkDotNet 0.14 (in process, {HistoryLoadRunsInfo.Configuration}, {Warmups} warm-up and {Iterations} measured runs each);
            the goal is under 10 s for the rules engine. Baseline in the same run: buy-and-hold over the same minute bars and the same
            broker (its clock jumps from open to close; the broker still fills its 09:00 orders on the 09:00–09:01 bar), no graph.
            The rules run also computes the buy-and-hold benchmark and the report. CPU is the
            process's CPU time per run (mean of the measured runs). The machine is shared and was loaded by other builds and tests
            while this ran: wall times are upper bounds. Machine: {machine}.

            | engine | mean (wall) | CPU | ratio to buy-and-hold | per minute bar | allocated | orders |
            |---|---:|---:|---:|---:|---:|---:|
            {Line("buy-and-hold (baseline)", nameof(MinuteBacktestRuns.BuyAndHold))}
            {Line("rules, through the operational graph", nameof(MinuteBacktestRuns.Rules))}
            """);
    }
}

/// <summary>The two engines the minute benchmark compares; each returns the number of orders so nothing is optimised away.</summary>
public class MinuteBacktestRuns
{
    private BacktestBars _bars = default!;
    private BacktestRequest _rules = default!;
    private BacktestRequest _buyAndHold = default!;

    [GlobalSetup]
    public void Setup()
    {
        var (minuteBars, dates) = MinuteWalks.Generate(MinuteBacktestBenchmark.Instruments,
            MinuteBacktestBenchmark.Sessions + MinuteBacktestBenchmark.WarmUpSessions, new DateOnly(2025, 1, 2));
        _rules = BacktestCpuBenchmark.Request(dates[MinuteBacktestBenchmark.WarmUpSessions], dates[^1], BacktestEngineKind.Rules) with
        {
            Resolution = BarResolution.Minute,
            CadenceMinutes = MinuteBacktestBenchmark.Cadence,
        };
        _buyAndHold = _rules with { Engine = BacktestEngineKind.BuyAndHold };
        // Built directly (not through store rows): 2.5 million HistoryBar records would only measure the benchmark's setup.
        var minutes = new MinuteBars(minuteBars);
        var history = new BarHistory(minutes.DerivedDaily(), minutes: minutes);
        _bars = new BacktestBars(history, [], new BacktestDataRange(dates[0], dates[^1], minutes.Count, "synthetic"));
    }

    [Benchmark(Baseline = true)]
    public Task<int> BuyAndHold() => MinuteBacktestBenchmark.MeasuredAsync(nameof(BuyAndHold),
        async () => (await new BacktestEngine().RunAsync(_buyAndHold, _bars)).Orders.Count);

    [Benchmark]
    public Task<int> Rules() => MinuteBacktestBenchmark.MeasuredAsync(nameof(Rules),
        async () => (await new BacktestEngine().RunAsync(_rules, _bars)).Orders.Count);
}
