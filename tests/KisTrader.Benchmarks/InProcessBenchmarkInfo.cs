namespace KisTrader.Benchmarks;

/// <summary>The build configuration the in-process benchmarks ran in, for their sections.</summary>
internal static class InProcessBenchmarkInfo
{
    public static string Configuration =>
#if DEBUG
        "Debug build";
#else
        "Release build";
#endif
}
