using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Web.Components.Shared;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace KisTrader.Web.Components.Pages.Backtests;

/// <summary>A chart's traces and layout.</summary>
public sealed record BacktestChart(IList<ITrace> Data, Plotly.Blazor.Layout Layout);

/// <summary>The result view's charts from a stored report: equity against buy-and-hold and the index, drawdown, and the
/// per-instrument contribution (the monthly heatmap is an HTML table: the basic Plotly bundle has no heatmap).</summary>
public static class BacktestCharts
{
    private const string BuyAndHoldColour = "#8a8f98";
    private const string IndexColour = "#ef6c00";
    private static readonly string[] Palette = [ChartStyle.Line, "#2e7d32", BuyAndHoldColour, IndexColour];

    private static object Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The strategy's equity with buy-and-hold and (when stored) the index scaled to the same starting cash.</summary>
    public static BacktestChart Equity(BacktestReport report) => Equity([("Strategy", report)], benchmarks: true);

    /// <summary>Several backtests' equity curves on one axis (the compare view); with <paramref name="benchmarks"/> the
    /// first one's buy-and-hold and index too.</summary>
    public static BacktestChart Equity(IReadOnlyList<(string Name, BacktestReport Report)> runs, bool benchmarks)
    {
        var data = new List<ITrace>();
        for (var i = 0; i < runs.Count; i++)
        {
            var (name, report) = runs[i];
            var x = report.Equity.Select(e => Day(e.Date)).ToList();
            data.Add(Line(name, x, report.Equity.Select(e => (object)e.Equity).ToList(), Palette[i % 2], 2));
            if (!benchmarks || i > 0) continue;
            data.Add(Line("Buy and hold", x, report.Equity.Select(e => (object)e.BuyAndHold).ToList(), BuyAndHoldColour, 1.5m));
            if (report.Equity.Any(e => e.Index is not null))
                data.Add(Line("Index", x, report.Equity.Select(e => (object?)e.Index ?? "").ToList(), IndexColour, 1.5m));
        }
        var layout = WithLegend(ChartStyle.NewLayout());
        layout.XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, ShowGrid = false }];
        layout.YAxis = [new YAxis { TickFormat = ",.0f", GridColor = ChartStyle.Grid }];
        return new BacktestChart(data, layout);
    }

    public static BacktestChart Drawdown(BacktestReport report)
    {
        var x = report.Equity.Select(e => Day(e.Date)).ToList();
        var data = new List<ITrace>
        {
            new Scatter
            {
                Name = "Drawdown", Mode = ModeFlag.Lines, X = x, Y = report.Equity.Select(e => (object)(-100 * Math.Abs(e.Drawdown))).ToList(),
                Fill = FillEnum.ToZeroY, FillColor = "rgba(21, 101, 192, 0.25)",
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = ChartStyle.Down, Width = 1 },
                HoverTemplate = "%{x}<br>drawdown %{y:.2f}%<extra></extra>",
            },
        };
        var layout = ChartStyle.NewLayout();
        layout.XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, ShowGrid = false }];
        layout.YAxis = [new YAxis { TickSuffix = "%", TickFormat = ".1f", GridColor = ChartStyle.Grid }];
        return new BacktestChart(data, layout);
    }

    public static BacktestChart Contributions(BacktestReport report)
    {
        var rows = report.Contributions.OrderByDescending(c => c.Pnl).ToList();
        var data = new List<ITrace>
        {
            new Bar
            {
                Name = "P&L", X = rows.Select(c => (object)c.Ticker).ToList(), Y = rows.Select(c => (object)c.Pnl).ToList(),
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = rows.Select(c => (object)(c.Pnl >= 0 ? ChartStyle.Up : ChartStyle.Down)).ToList() },
                HoverTemplate = "%{x}<br>%{y:,.0f} KRW<extra></extra>",
            },
        };
        var layout = ChartStyle.NewLayout();
        layout.XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category }];
        layout.YAxis = [new YAxis { TickFormat = ",.0f", GridColor = ChartStyle.Grid }];
        return new BacktestChart(data, layout);
    }

    private static Scatter Line(string name, IList<object> x, IList<object> y, string colour, decimal width) => new()
    {
        Name = name, Mode = ModeFlag.Lines, X = x, Y = y,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour, Width = width },
        HoverTemplate = "%{x}<br>%{y:,.0f} KRW<extra>" + name + "</extra>",
    };

    private static Plotly.Blazor.Layout WithLegend(Plotly.Blazor.Layout layout)
    {
        layout.ShowLegend = true;
        layout.Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m }];
        layout.Margin = new Margin { L = 72, R = 16, T = 32, B = 36 };
        return layout;
    }
}
