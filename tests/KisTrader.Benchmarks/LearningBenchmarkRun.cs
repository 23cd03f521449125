using System.Diagnostics;
using System.Globalization;
using KisTrader.Testing;
using KisTrader.Testing.Learning;

namespace KisTrader.Benchmarks;

/// <summary>learning: the learning benchmark (tests/Shared/Learning) at full size (LEARNING_INSTRUMENTS,
/// LEARNING_SESSIONS per period, LEARNING_SEED; default 20 × 240, quick mode 6 × 90, seed 16). Its numbers are measured, not judged.</summary>
public static class LearningBenchmarkRun
{
    public static async Task<string> RunAsync()
    {
        int Env(string name, int fallback) => int.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var options = new LearningBenchmarkOptions
        {
            Instruments = Env("LEARNING_INSTRUMENTS", BenchmarkMode.Pick(20, 6)),
            SessionsPerPeriod = Env("LEARNING_SESSIONS", BenchmarkMode.Pick(240, 90)),
            Seed = Env("LEARNING_SEED", 16),
        };
        var machine = BenchmarkReport.Machine();
        var wall = Stopwatch.StartNew();
        var result = await LearningBenchmark.RunAsync(options, Path.Combine(AppProcess.RepoRoot, "prompts", "core_decision_prompt.md"));
        wall.Stop();
        foreach (var i in result.Insights.Take(20))
            Console.WriteLine($"  {i.InsightId} {i.Side} {i.Condition}: {i.Trades} trades, {i.Losers} lost, avg {i.AverageReturnPercent}%, score {i.Score}");
        return LearningBenchmark.Markdown(result, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), BenchmarkReport.Commit(), machine, wall.Elapsed);
    }
}
