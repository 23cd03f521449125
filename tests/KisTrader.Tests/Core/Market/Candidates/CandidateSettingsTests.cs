using KisTrader.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace KisTrader.Tests.Core.Market.Candidates;

/// <summary>Trading:Candidates: bound and validated with the other sections at start-up, mapped to the Core options.</summary>
public sealed class CandidateSettingsTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Defaults_AreOnWithFiveCandidatesAtSixtyPercentReadEveryFiveMinutes()
    {
        var o = Load().Trading.Candidates.ToOptions(40);

        Assert.Equal((true, 5, 0.6m, TimeSpan.FromMinutes(5), 2, 40), (o.Enabled, o.Max, o.MinProbability, o.RankingsRefresh, o.ReservedRealtimeSlots, o.RealtimeSlots));
        var set = Load(("Trading:Candidates:Max", "3"), ("Trading:Candidates:RankingsRefreshMinutes", "0"), ("Trading:Candidates:Enabled", "false"))
            .Trading.Candidates.ToOptions(40);
        Assert.Equal((false, 3, TimeSpan.Zero), (set.Enabled, set.Max, set.RankingsRefresh));
    }

    [Theory]
    [InlineData("Trading:Candidates:MinProbability", "1.5")]
    [InlineData("Trading:Candidates:Max", "-1")]
    [InlineData("Trading:Candidates:Max", "many")]
    [InlineData("Trading:Candidates:RankingsRefreshMinutes", "-5")]
    [InlineData("Trading:Candidates:MaxAbsChangePercent", "0")]
    [InlineData("Trading:Candidates:ReservedRealtimeSlots", "41")]
    [InlineData("Trading:Candidates:MinTradeValue", "-1")]
    [InlineData("Trading:Candidates:TopK", "5")]
    public void InvalidValue_StopsStartUpWithAnErrorNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal));
    }
}
