using KisTrader.Core.Backtesting.Sweeps;
using KisTrader.Core.Decisions;

namespace KisTrader.Tests.Backtesting.Sweeps;

public sealed class ParameterGridTests
{
    [Fact]
    public void Parse_GivesTheCartesianProduct_FirstAxisSlowest_WithCanonicalNames()
    {
        var grid = ParameterGrid.Parse("momentumminchangepercent=0.5,1; TakeProfitPercent = 8,10,12");

        Assert.Equal(["MomentumMinChangePercent", "TakeProfitPercent"], grid.Axes.Select(a => a.Name));
        Assert.Equal(
            ["MomentumMinChangePercent=0.5;TakeProfitPercent=8", "MomentumMinChangePercent=0.5;TakeProfitPercent=10", "MomentumMinChangePercent=0.5;TakeProfitPercent=12",
             "MomentumMinChangePercent=1;TakeProfitPercent=8", "MomentumMinChangePercent=1;TakeProfitPercent=10", "MomentumMinChangePercent=1;TakeProfitPercent=12"],
            grid.Sets.Select(s => s.Label));
        Assert.Equal(Enumerable.Range(0, 6), grid.Sets.Select(s => s.Index));
    }

    [Fact]
    public void NoSweep_IsOneSet_TheConfigurationAsItIs()
    {
        var set = Assert.Single(ParameterGrid.Parse(null).Sets);
        Assert.Equal("configured", set.Label);
        var options = new RulesEngineOptions { TakeProfitPercent = 7m };
        Assert.Equal(options, RulesParameters.Apply(options, set.Values));
    }

    [Fact]
    public void Apply_SetsEachNamedOption_AndNothingElse()
    {
        var set = ParameterGrid.Parse("StopLossPercent=-3;BuyFractionOfEquity=0.1;MaxBuysPerRun=4").Sets.Single();
        var options = RulesParameters.Apply(new RulesEngineOptions(), set.Values);
        Assert.Equal(new RulesEngineOptions { StopLossPercent = -3m, BuyFractionOfEquity = 0.1m, MaxBuysPerRun = 4 }, options);
    }

    [Theory]
    [InlineData("Nope=1", "'Nope' is not a rules-engine option")]
    [InlineData("MaxTickerWeightPercent=10", "'MaxTickerWeightPercent' is not a rules-engine option")]
    [InlineData("TakeProfitPercent", "is not Name=v1,v2")]
    [InlineData("TakeProfitPercent=", "TakeProfitPercent has no values")]
    [InlineData("TakeProfitPercent=8,ten", "TakeProfitPercent: 'ten' is not a number")]
    [InlineData("TakeProfitPercent=1e3", "TakeProfitPercent: '1e3' is not a number")]
    [InlineData("TakeProfitPercent=8,8", "TakeProfitPercent: 8 is given twice")]
    [InlineData("TakeProfitPercent=8;takeprofitpercent=9", "TakeProfitPercent is given twice")]
    [InlineData("MaxBuysPerRun=1.5", "MaxBuysPerRun: '1.5' must be a whole number")]
    public void Parse_RefusesBadInput_SayingWhy(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => ParameterGrid.Parse(text));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Parse_RefusesAGridLargerThanTheCap()
    {
        var many = string.Join(',', Enumerable.Range(1, 101));
        var ex = Assert.Throws<FormatException>(() => ParameterGrid.Parse($"OversoldRsi={many};OverboughtRsi={many}"));
        Assert.Contains("more than 10000 parameter sets", ex.Message);
    }
}
