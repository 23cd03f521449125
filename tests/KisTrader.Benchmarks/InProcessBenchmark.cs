using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace KisTrader.Benchmarks;

/// <summary>The BenchmarkDotNet set-up the in-process benchmarks share: the job in this process, the memory diagnoser,
/// artifacts in a temporary folder, and reading a method's mean and allocation from the summary.</summary>
public static class InProcessBenchmark
{
    /// <summary>Warm-up and measured runs of the multi-second benchmarks (BACKTEST_WARMUPS, BACKTEST_ITERATIONS; 1 and 3,
    /// quick mode 1 and 2): on a busy machine a 200 × 2,500 backtest is minutes.</summary>
    public static int Warmups => Env("BACKTEST_WARMUPS", BenchmarkMode.Pick(1, 1));

    /// <inheritdoc cref="Warmups"/>
    public static int Iterations => Env("BACKTEST_ITERATIONS", BenchmarkMode.Pick(3, 2));

    /// <summary>An integer from the environment, or <paramref name="fallback"/> when unset.</summary>
    public static int Env(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>BenchmarkDotNet's short job, or in quick mode one warm-up and two iterations.</summary>
    public static Job Short() => BenchmarkMode.Quick ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(2) : Job.ShortRun;

    /// <summary>Multi-second operations: no pilot stage, one launch, <see cref="Warmups"/> warm-up and <see cref="Iterations"/>
    /// measured runs.</summary>
    public static Job Monitoring() =>
        Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(Warmups).WithIterationCount(Iterations);

    /// <summary>Runs <typeparamref name="T"/>'s benchmarks in this process with <paramref name="job"/>, BenchmarkDotNet's
    /// artifacts in a temporary folder named for <paramref name="name"/> (deleted afterwards), and returns what
    /// <paramref name="section"/> makes of the summary.</summary>
    public static TResult Run<T, TResult>(string name, Job job, Func<Summary, TResult> section)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kistrader-bench-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            return section(Run<T>(job, Path.Combine(dir, "artifacts")));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Runs <typeparamref name="T"/>'s benchmarks in this process with <paramref name="job"/>, BenchmarkDotNet's
    /// artifacts under <paramref name="artifactsPath"/> (the caller's to delete).</summary>
    public static Summary Run<T>(Job job, string artifactsPath)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance).WithId("in-process"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifactsPath)
            // The bench runs the configuration bench.sh built (Debug by default).
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        return BenchmarkRunner.Run<T>(config);
    }

    /// <summary>The report of the benchmark method named <paramref name="method"/>.</summary>
    public static BenchmarkDotNet.Reports.BenchmarkReport Of(this Summary summary, string method) =>
        summary.Reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);

    /// <summary>The mean time of one run of <paramref name="method"/>, in seconds.</summary>
    public static double MeanSeconds(this Summary summary, string method) => summary.Of(method).ResultStatistics!.Mean / 1e9;

    /// <summary>The bytes <paramref name="method"/> allocates per run, in MiB.</summary>
    public static double AllocatedMegabytes(this Summary summary, string method)
    {
        var report = summary.Of(method);
        return (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0) / 1048576.0;
    }
}
