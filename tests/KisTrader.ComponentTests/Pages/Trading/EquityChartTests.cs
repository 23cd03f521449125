using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Dashboard;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace KisTrader.ComponentTests.Pages.Trading;

public sealed class EquityChartTests : ComponentTest
{
    private List<EquityPoint> Curve(params decimal[] equity) =>
        [.. equity.Select((e, i) => new EquityPoint(Clock.GetUtcNow().AddMinutes(i), e))];

    private static string? DrawnPoints(IRenderedComponent<EquityChart> cut) => cut.Find("[data-testid=equity-chart]").GetAttribute("data-points");

    [Fact]
    public void DrawsTheEquityCurve_WithItsDrawdownFromThePeakUnderIt()
    {
        var cut = Render<EquityChart>(p => p.Add(c => c.Points, Curve(10_000_000m, 11_000_000m, 9_900_000m)));

        cut.WaitForAssertion(() => Assert.Equal("3", DrawnPoints(cut)));
        var traces = cut.FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().ToList();
        Assert.Equal(["Equity", "Drawdown"], traces.Select(t => t.Name));
        Assert.Equal([10_000_000m, 11_000_000m, 9_900_000m], traces[0].Y.Cast<decimal>());
        Assert.Equal([0m, 0m, -10m], traces[1].Y.Cast<decimal>().Select(d => Math.Round(d, 2)));
        Assert.Equal("2026-12-07 10:30:00", traces[0].X[0]);
    }

    [Fact]
    public void NoCurveYet_RendersNoChart()
    {
        var cut = Render<EquityChart>(p => p.Add(c => c.Points, null));
        Assert.Empty(cut.FindComponents<PlotlyChart>());
        Assert.Null(DrawnPoints(cut));
    }

    [Fact]
    public async Task ALivePoint_IsAppendedAndRedrawn_AnOlderOneIgnored()
    {
        var cut = Render<EquityChart>(p => p.Add(c => c.Points, Curve(10_000_000m, 10_100_000m)));
        cut.WaitForAssertion(() => Assert.Equal("2", DrawnPoints(cut)));

        await cut.InvokeAsync(() => cut.Instance.AddAsync(new EquityPoint(Clock.GetUtcNow().AddMinutes(5), 10_200_000m)));
        cut.WaitForAssertion(() => Assert.Equal("3", DrawnPoints(cut)));
        await cut.InvokeAsync(() => cut.Instance.AddAsync(new EquityPoint(Clock.GetUtcNow().AddMinutes(-5), 1m)));
        Assert.Equal("3", DrawnPoints(cut));
        Assert.Equal(10_200_000m, cut.FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().First().Y[^1]);
    }

    [Fact]
    public void ANewCurve_ReplacesTheOneDrawn()
    {
        var cut = Render<EquityChart>(p => p.Add(c => c.Points, Curve(10_000_000m, 10_100_000m)));
        cut.WaitForAssertion(() => Assert.Equal("2", DrawnPoints(cut)));
        cut.Render(p => p.Add(c => c.Points, Curve(1m, 2m, 3m, 4m)));
        cut.WaitForAssertion(() => Assert.Equal("4", DrawnPoints(cut)));
    }
}
