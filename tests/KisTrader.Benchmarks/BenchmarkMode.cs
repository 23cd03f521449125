namespace KisTrader.Benchmarks;

/// <summary>How much each benchmark measures. <see cref="Quick"/> (<c>./bench.sh --quick</c>, or BENCH_QUICK=1): smaller
/// loads and fewer repetitions, so the whole suite finishes in a few minutes and its numbers are indicative; a full run
/// writes the published ones. A benchmark reads it and says in its section which mode wrote it.</summary>
public static class BenchmarkMode
{
    public static bool Quick { get; set; } = Environment.GetEnvironmentVariable("BENCH_QUICK") == "1";

    /// <summary>"quick" or "full", for the sections' text.</summary>
    public static string Name => Quick ? "quick" : "full";

    /// <summary>The full count, or a smaller one in quick mode.</summary>
    public static int Pick(int full, int quick) => Quick ? quick : full;
}
