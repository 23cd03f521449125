using KisTrader.Benchmarks;

if (BaselineServer.Requested)
    return await BaselineServer.RunAsync(args);
if (BaselineHubServer.Requested)
    return await BaselineHubServer.RunAsync(args);

// ./bench.sh runs every benchmark; one can be named: dotnet run --project tests/KisTrader.Benchmarks -- cold-start.
// --quick (or BENCH_QUICK=1) runs the smaller loads of BenchmarkMode.Quick; --list prints the names and measures nothing.
var benchmarks = new Dictionary<string, Func<Task<string>>>(StringComparer.OrdinalIgnoreCase)
{
    ["cold-start"] = () => ColdStartBenchmark.RunAsync(runs: Runs(full: 7, quick: 2)),
    ["chart-ticks"] = () => ChartTickBenchmark.RunAsync(ticksPerMethod: BenchmarkMode.Pick(300, 60)),
    ["first-page"] = () => FirstPageBenchmark.RunAsync(runs: Runs(full: 7, quick: 2)),
    ["fill-to-dom"] = FillToDomBenchmark.RunAsync,
    ["signalr-fanout"] = SignalRFanoutBenchmark.RunAsync,
    ["history-load"] = HistoryLoadBenchmark.RunAsync,
    ["backtest-cpu"] = BacktestCpuBenchmark.RunAsync,
    ["backtest"] = BacktestBenchmark.RunAsync,
    ["backtest-minute"] = MinuteBacktestBenchmark.RunAsync,

    ["learning"] = LearningBenchmarkRun.RunAsync,
    ["ml"] = MlBenchmark.RunAsync,
    ["ml-inference"] = MlInferenceBenchmark.RunAsync,

    ["realtime-frames"] = RealtimeFrameBenchmark.RunAsync,
    ["decision-cycle"] = DecisionCycleBenchmark.RunAsync,
    ["soak"] = SoakBenchmark.RunAsync,
    ["trade-store"] = TradeStoreBenchmark.RunAsync,
};
if (args.Contains("--quick")) BenchmarkMode.Quick = true;
args = [.. args.Where(a => a != "--quick")];
if (args.Contains("--list"))
{
    foreach (var name in benchmarks.Keys) Console.WriteLine(name);
    return 0;
}
var names = args.Length == 0 || args[0] == "all" ? [.. benchmarks.Keys] : args;
var unknown = names.Where(n => !benchmarks.ContainsKey(n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown benchmark '{string.Join("', '", unknown)}'. Known: {string.Join(", ", benchmarks.Keys)}");
    return 2;
}
BenchmarkReport.EnsureGoals();
foreach (var name in names)
{
    Console.WriteLine($"== {name} ({BenchmarkMode.Name})");
    var section = await benchmarks[name]();
    Console.WriteLine(section);
    BenchmarkReport.Write(name, section);
}
return 0;

// RUNS=3 overrides the number of starts or sign-ins.
static int Runs(int full, int quick) => int.Parse(Environment.GetEnvironmentVariable("RUNS") ?? BenchmarkMode.Pick(full, quick).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
