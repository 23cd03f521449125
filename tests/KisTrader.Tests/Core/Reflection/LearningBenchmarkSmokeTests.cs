using KisTrader.Testing;
using KisTrader.Testing.Learning;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>The learning benchmark (./bench.sh learning) runs end to end on a tiny world: the numbers are the
/// benchmark's business, not this test's; that it runs, plants every pattern and adopts nothing that loosens is.</summary>
public sealed class LearningBenchmarkSmokeTests
{
    [Fact]
    public async Task LearningBenchmark_OnATinyHistory_RunsBothPeriodsAndTheReflection_AndReportsEveryPattern()
    {
        var options = new LearningBenchmarkOptions { Instruments = 4, SessionsPerPeriod = 75, Seed = 3 };
        var result = await LearningBenchmark.RunAsync(options, Path.Combine(AppProcess.RepoRoot, "prompts", "core_decision_prompt.md"));

        Assert.Equal(Enum.GetValues<PlantedPattern>(), result.Patterns.Select(p => p.Pattern));
        // Four instruments, one event each per period: every windowed pattern is planted in both periods.
        Assert.Equal(8, result.History.Events.Count);
        Assert.All(result.History.Events, e => Assert.True(e.From <= e.To));
        Assert.True(result.FirstPeriodBuys > 0, "the first period traded");
        Assert.Empty(result.LooseningRules);
        Assert.All(result.Adopted, r => Assert.False(LearningBenchmark.Loosens(r)));
        var markdown = LearningBenchmark.Markdown(result, "today", "abc1234", "test machine", TimeSpan.FromSeconds(1));
        Assert.Contains("## Learning benchmark", markdown);
        Assert.Contains("entries in the last half hour", markdown);
    }

    [Fact]
    public void LearningHistory_SameSeed_SameBars()
    {
        var a = LearningHistory.Generate(4, 75, 9);
        var b = LearningHistory.Generate(4, 75, 9);
        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Events, b.Events);
        Assert.NotEqual(a.Rows, LearningHistory.Generate(4, 75, 10).Rows);
    }
}
