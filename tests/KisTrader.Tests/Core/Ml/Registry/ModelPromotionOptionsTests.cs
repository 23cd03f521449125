using KisTrader.Web.Hosting;
using KisTrader.Web.Ml;
using Microsoft.Extensions.Configuration;

namespace KisTrader.Tests.Core.Ml.Registry;

/// <summary>The "ModelPromotion" section: bound and validated with the others at start-up, mapped to the Core margins.</summary>
public sealed class ModelPromotionOptionsTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Defaults_OneF1Point_AndAnyBacktestGain_AndPercentIsMappedToAFraction()
    {
        var defaults = ModelRegistryServices.CoreOptionsFrom(Load().ModelPromotion);
        Assert.Equal((0.01, 0.0), (defaults.MinF1Gain, defaults.MinBacktestExcessGain));

        var set = ModelRegistryServices.CoreOptionsFrom(Load(("ModelPromotion:MinF1Gain", "0.03"), ("ModelPromotion:MinBacktestExcessGainPercent", "0.5")).ModelPromotion);
        Assert.Equal((0.03, 0.005), (set.MinF1Gain, set.MinBacktestExcessGain));
    }

    [Theory]
    [InlineData("ModelPromotion:MinF1Gain", "1.5")]
    [InlineData("ModelPromotion:MinF1Gain", "-0.01")]
    [InlineData("ModelPromotion:MinF1Gain", "a lot")]
    [InlineData("ModelPromotion:MinBacktestExcessGainPercent", "101")]
    [InlineData("ModelPromotion:MinF1Margin", "0.02")]
    public void InvalidValue_StopsStartUpWithAnErrorNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal));
    }
}
