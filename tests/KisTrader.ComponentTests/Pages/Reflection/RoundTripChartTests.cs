using KisTrader.Core.Reflection;
using KisTrader.Web.Components.Pages.Reflection;
using KisTrader.Web.Components.Shared;
using Plotly.Blazor;
using PlotBar = Plotly.Blazor.Traces.Bar;

namespace KisTrader.ComponentTests.Pages.Reflection;

public sealed class RoundTripChartTests : ComponentTest
{
    private RoundTrip Trip(string ticker, int exitMinutes, decimal net, decimal returnPercent) => new(
        ticker, "b-" + ticker, "s-" + ticker, 10, 70_000m, 71_000m, Clock.GetUtcNow(), Clock.GetUtcNow().AddMinutes(exitMinutes),
        net + 100m, 100m, net, returnPercent);

    [Fact]
    public void DrawsOneBarPerRoundTrip_InTheOrderTheyClosed_WinsRedLossesBlue()
    {
        var cut = Render<RoundTripChart>(p => p.Add(c => c.RoundTrips,
            [Trip("000660", 30, -5_000m, -0.714m), Trip("005930", 10, 9_000m, 1.286m), Trip("035420", 20, 0m, 0m)]));

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=round-trip-chart]").GetAttribute("data-bars")));
        var bar = (PlotBar)Assert.Single(cut.FindComponent<PlotlyChart>().Instance.Data);
        Assert.Equal(["1 005930", "2 035420", "3 000660"], bar.X.Cast<string>());
        Assert.Equal([1.29m, 0m, -0.71m], bar.Y.Cast<decimal>());
        // A break-even trip is not a win.
        Assert.Equal([ChartStyle.Up, ChartStyle.Down, ChartStyle.Down], bar.Marker.ColorArray.Cast<string>());
    }

    [Fact]
    public void NoRoundTrips_DrawsAnEmptyChart()
    {
        var cut = Render<RoundTripChart>(p => p.Add(c => c.RoundTrips, []));
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=round-trip-chart]").GetAttribute("data-bars")));
    }
}
