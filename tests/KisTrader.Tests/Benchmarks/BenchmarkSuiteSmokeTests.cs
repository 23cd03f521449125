using System.Diagnostics;
using KisTrader.Testing;

namespace KisTrader.Tests.Benchmarks;

/// <summary>The benchmark suite (tests/KisTrader.Benchmarks, run by ./bench.sh, never by ./test.sh) starts and knows its
/// benchmarks: `--list` prints their names and measures nothing.</summary>
public sealed class BenchmarkSuiteSmokeTests
{
    private static readonly string[] Expected =
    [
        "cold-start", "first-page", "chart-ticks", "fill-to-dom", "signalr-fanout", "history-load", "backtest-cpu", "backtest", "backtest-minute",
        "learning", "ml", "ml-inference", "realtime-frames", "decision-cycle", "soak", "trade-store",
    ];

    [Fact]
    public async Task The_suite_starts_and_lists_every_benchmark()
    {
        // Built beside this test project (ProjectReference without the assembly), in the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(AppProcess.RepoRoot, "tests", "KisTrader.Benchmarks", "bin", configuration, "net10.0", "KisTrader.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");

        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--list"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        var names = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(Expected.Order(), names.Order());
    }
}
