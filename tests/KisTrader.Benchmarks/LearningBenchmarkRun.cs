using System.Diagnostics;
using System.Globalization;
using KisTrader.Testing;
using KisTrader.Testing.Learning;

namespace KisTrader.Benchmarks;

/// <summary>learning: the learning benchmark (tests/Shared/Learning) at full size (LEARNING_INSTRUMENTS,
/// LEARNING_SESSIONS per period, LEARNING_SEED; default 20 × 240, seed 16). Its numbers are measured, not judged.</summary>
public static class LearningBenchmarkRun
{
    public static async Task<string> RunAsync()
    {
        int Env(string name, int fallback) => int.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var options = new LearningBenchmarkOptions
        {
            Instruments = Env("LEARNING_INSTRUMENTS", 20),
            SessionsPerPeriod = Env("LEARNING_SESSIONS", 240),
            Seed = Env("LEARNING_SEED", 16),
        };
        var machine = BenchmarkReport.Machine();
        var wall = Stopwatch.StartNew();
        var result = await LearningBenchmark.RunAsync(options, Path.Combine(AppProcess.RepoRoot, "prompts", "core_decision_prompt.md"));
        wall.Stop();
        foreach (var i in result.Insights.Take(20))
            Console.WriteLine($"  {i.InsightId} {i.Side} {i.Condition}: {i.Trades} trades, {i.Losers} lost, avg {i.AverageReturnPercent}%, score {i.Score}");
        return LearningBenchmark.Markdown(result, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Commit(), machine, wall.Elapsed);
    }

    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                WorkingDirectory = AppProcess.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var sha = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            var dirty = Process.Start(new ProcessStartInfo("git", "status --porcelain --untracked-files=no")
            {
                WorkingDirectory = AppProcess.RepoRoot, RedirectStandardOutput = true,
            })!;
            var changes = dirty.StandardOutput.ReadToEnd().Trim();
            dirty.WaitForExit();
            return changes.Length > 0 ? sha + " (with uncommitted changes)" : sha;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }
}
