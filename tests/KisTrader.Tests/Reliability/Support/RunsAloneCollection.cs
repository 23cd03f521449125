namespace KisTrader.Tests.Reliability.Support;

/// <summary>The long reliability tests run alone, one after the other, after the parallel tests of the assembly. The
/// crash harness keeps two processes busy on a two-core machine for minutes, which would make the timing-sensitive
/// composed-app tests late, and they its kills. The soak measures the heap of this process: with other tests running
/// beside it, their live objects came and went in its numbers (day 2 at 35.8 MB, day 4 at 49.8 MB in one run).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Long reliability tests, alone";
}
