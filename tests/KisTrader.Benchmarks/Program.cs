using KisTrader.Benchmarks;

if (BaselineServer.Requested)
    return await BaselineServer.RunAsync(args);
if (BaselineHubServer.Requested)
    return await BaselineHubServer.RunAsync(args);

// ./bench.sh runs every benchmark; one can be named: dotnet run --project tests/KisTrader.Benchmarks -- cold-start
var benchmarks = new Dictionary<string, Func<Task<string>>>(StringComparer.OrdinalIgnoreCase)
{
    ["cold-start"] = () => ColdStartBenchmark.RunAsync(runs: int.Parse(Environment.GetEnvironmentVariable("RUNS") ?? "7")),
    ["chart-ticks"] = () => ChartTickBenchmark.RunAsync(ticksPerMethod: 300),
    ["first-page"] = () => FirstPageBenchmark.RunAsync(runs: int.Parse(Environment.GetEnvironmentVariable("RUNS") ?? "7")),
    ["fill-to-dom"] = FillToDomBenchmark.RunAsync,
    ["signalr-fanout"] = SignalRFanoutBenchmark.RunAsync,
    ["history-load"] = HistoryLoadBenchmark.RunAsync,
    ["backtest-cpu"] = BacktestCpuBenchmark.RunAsync,
    ["backtest"] = BacktestBenchmark.RunAsync,
    ["backtest-minute"] = MinuteBacktestBenchmark.RunAsync,

    ["learning"] = LearningBenchmarkRun.RunAsync,
    ["ml"] = MlBenchmark.RunAsync,
    ["ml-inference"] = MlInferenceBenchmark.RunAsync,
};
var names = args.Length == 0 || args[0] == "all" ? [.. benchmarks.Keys] : args;
foreach (var name in names)
{
    if (!benchmarks.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown benchmark '{name}'. Known: {string.Join(", ", benchmarks.Keys)}");
        return 2;
    }
    Console.WriteLine($"== {name}");
    var section = await run();
    Console.WriteLine(section);
    BenchmarkReport.Write(name, section);
}
return 0;
