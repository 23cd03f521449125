using KisTrader.Core.Ml.Live;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Ml;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KisTrader.Tests.Ml;

/// <summary>The "Ml" section: validated at start-up with the others (errors name the key); Ml:Enabled=false composes
/// the disabled scorer.</summary>
public sealed class MlOptionsTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Defaults_EnabledOnTheUp5dSignal()
    {
        var ml = Load().Ml;
        Assert.Equal((true, "up5d-1pct", 7), (ml.Enabled, ml.Signal, ml.MaxHistoryAgeDays));
    }

    [Theory]
    [InlineData("Ml:Signal", "")]
    [InlineData("Ml:Signal", "up 5d")]
    [InlineData("Ml:Enabled", "perhaps")]
    [InlineData("Ml:MaxHistoryAgeDays", "0")]
    [InlineData("Ml:MaxHistoryAgeDays", "61")]
    [InlineData("Ml:Model", "lr")]
    public void InvalidValue_StopsStartUpWithAnErrorNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_ComposesTheScorerThatNeverScores()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOptions<MlOptions>>(Options.Create(new MlOptions { Enabled = false }));
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddKisTraderMlSignal();
        await using var provider = services.BuildServiceProvider();

        var scorer = provider.GetRequiredService<IMlSignalScorer>();
        var scores = await scorer.ScoreAsync(["005930"], DateTimeOffset.UtcNow);

        Assert.IsType<DisabledMlSignalScorer>(scorer);
        Assert.Null(scores.ModelVersion);
        Assert.Contains("Ml:Enabled", scores.Unavailable);
    }
}
