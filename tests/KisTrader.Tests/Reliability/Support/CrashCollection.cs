namespace KisTrader.Tests.Reliability.Support;

/// <summary>The crash harness runs alone, after the parallel tests of the assembly: it keeps two processes busy on a
/// two-core machine for minutes, which would make the timing-sensitive composed-app tests late, and they its kills.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "Crash harness";
}
