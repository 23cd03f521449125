using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Risk;

namespace KisTrader.Benchmarks;

/// <summary>backtest: issue 16's goal, the rules engine through the operational graph (<see cref="BacktestEngine"/>) over
/// 200 instruments × 10 years (2,500 sessions) of daily bars, under 5 s. BenchmarkDotNet, in process, against a simple
/// baseline in the same run: the buy-and-hold engine over the same bars and sessions (the same simulated broker,
/// without the graph). Sizes: BACKTEST_INSTRUMENTS, BACKTEST_SESSIONS (quick mode: 20 × 250).</summary>
public static class BacktestBenchmark
{
    internal static int Instruments { get; private set; } = 200;
    internal static int Sessions { get; private set; } = 2_500;
    private static int Warmups => InProcessBenchmark.Warmups;
    private static int Iterations => InProcessBenchmark.Iterations;

    public static Task<string> RunAsync()
    {
        Instruments = InProcessBenchmark.Env("BACKTEST_INSTRUMENTS", BenchmarkMode.Pick(200, 20));
        Sessions = InProcessBenchmark.Env("BACKTEST_SESSIONS", BenchmarkMode.Pick(2_500, 250));
        var machine = BenchmarkReport.Machine();
        return Task.FromResult(InProcessBenchmark.Run<BacktestRuns, string>("backtest", InProcessBenchmark.Monitoring(), summary => Section(summary, machine)));
    }

    private static string Section(Summary summary, string machine)
    {
        double Mean(string method) => summary.MeanSeconds(method);
        double Alloc(string method) => summary.AllocatedMegabytes(method);
        var baseline = Mean(nameof(BacktestRuns.BuyAndHold));
        string Line(string name, string method) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Mean(method):0.00} s | {Mean(method) / baseline:0.0}× | {Mean(method) * 1e6 / ((double)Instruments * Sessions):0.0} µs | {Alloc(method):0} MB |");
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## Backtest: the rules engine over {Instruments} instruments × {Sessions:#,0} daily sessions

            `BacktestEngine.RunAsync` over seeded random walks ({Instruments} instruments, {Sessions:#,0} sessions after 70 of warm-up
            history), already in memory as `BacktestBars`. BenchmarkDotNet 0.14 (in process, {HistoryLoadRunsInfo.Configuration},
            {Warmups} warm-up and {Iterations} measured runs each); the goal is under 5 s for the rules engine. Baseline in the same run: the
            buy-and-hold engine over the same bars (the same simulated broker and sessions, no graph). The rules run also
            computes the buy-and-hold benchmark and the report. Machine: {machine}.

            | engine | mean | ratio to buy-and-hold | per instrument-session | allocated |
            |---|---:|---:|---:|---:|
            {Line("buy-and-hold (baseline)", nameof(BacktestRuns.BuyAndHold))}
            {Line("rules, through the operational graph", nameof(BacktestRuns.Rules))}
            """);
    }
}

/// <summary>The two engines the backtest benchmark compares; each returns the number of orders so nothing is optimised away.</summary>
public class BacktestRuns
{
    private BacktestBars _bars = default!;
    private BacktestRequest _rules = default!;
    private BacktestRequest _buyAndHold = default!;

    [GlobalSetup]
    public void Setup()
    {
        var (rows, dates) = BacktestCpuBenchmark.Walks(BacktestBenchmark.Instruments, BacktestBenchmark.Sessions + 70);
        _rules = BacktestCpuBenchmark.Request(dates[70], dates[^1], BacktestEngineKind.Rules);
        _buyAndHold = _rules with { Engine = BacktestEngineKind.BuyAndHold };
        _bars = BacktestBars.FromRows(rows, _rules);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> BuyAndHold() => (await new BacktestEngine().RunAsync(_buyAndHold, _bars)).Orders.Count;

    [Benchmark]
    public async Task<int> Rules() => (await new BacktestEngine().RunAsync(_rules, _bars)).Orders.Count;
}
