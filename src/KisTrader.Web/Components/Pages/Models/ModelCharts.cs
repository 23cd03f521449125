using KisTrader.Core.Ml.Registry;
using KisTrader.Web.Components.Pages.Backtests;
using KisTrader.Web.Components.Shared;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace KisTrader.Web.Components.Pages.Models;

/// <summary>The Models page's charts from a version's stored report: the precision-recall curve (with the no-skill line
/// and the operating point marked), the permutation importance of the features, and the reliability diagram. The
/// confusion matrix is an HTML table: the basic Plotly bundle has no heatmap.</summary>
public static class ModelCharts
{
    /// <summary>The features the importance chart shows, the most important first.</summary>
    public const int TopFeatures = 15;

    private const string Reference = "#8a8f98";

    public static BacktestChart PrCurve(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var data = new List<ITrace>
        {
            new Scatter
            {
                Name = "PR curve", Mode = ModeFlag.Lines, X = report.PrCurve.Select(p => (object)p.Recall).ToList(),
                Y = report.PrCurve.Select(p => (object)p.Precision).ToList(), Line = new Line { Color = ChartStyle.Line, Width = 2, Shape = Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv },
                CustomData = report.PrCurve.Select(p => (object)p.Threshold).ToList(),
                HoverTemplate = "recall %{x:.3f}<br>precision %{y:.3f}<br>threshold %{customdata:.3f}<extra></extra>",
            },
            new Scatter
            {
                Name = "No skill", Mode = ModeFlag.Lines, X = [0.0, 1.0], Y = [report.PositiveRate, report.PositiveRate],
                Line = new Line { Color = Reference, Width = 1, Dash = "dash" }, HoverTemplate = "no skill: precision %{y:.3f}<extra></extra>",
            },
        };
        // Where the model operates: the positive class's pooled precision and recall (each fold at its own threshold, as the
        // confusion matrix), not a point of one threshold on the pooled curve.
        if (report.Classes.Count == 2)
            data.Add(new Scatter
            {
                Name = "Operating point", Mode = ModeFlag.Markers, X = [report.Classes[1].Recall], Y = [report.Classes[1].Precision],
                Marker = new Marker { Color = ChartStyle.Up, Size = 9 },
                HoverTemplate = "operating point<br>recall %{x:.3f}<br>precision %{y:.3f}<extra></extra>",
            });
        var layout = ChartStyle.NewLayout();
        layout.Margin = new Margin { L = 56, R = 16, T = 8, B = 44 };
        layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Recall" }, Range = [0.0, 1.0], GridColor = ChartStyle.Grid }];
        layout.YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Precision" }, Range = [0.0, 1.02], GridColor = ChartStyle.Grid }];
        return new BacktestChart(data, layout);
    }

    public static BacktestChart Importance(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Plotly draws the first category at the bottom: reversed, the most important is on top.
        var top = report.Importance.Take(TopFeatures).Reverse().ToList();
        var data = new List<ITrace>
        {
            new Bar
            {
                Name = "Importance", Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
                X = top.Select(f => (object)f.Mean).ToList(), Y = top.Select(f => (object)f.Name).ToList(),
                ErrorX = new Plotly.Blazor.Traces.BarLib.ErrorX { Type = Plotly.Blazor.Traces.BarLib.ErrorXLib.TypeEnum.Data, Array = top.Select(f => (object)f.StdDev).ToList(), Color = Reference },
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = top.Select(f => (object)(f.Mean >= 0 ? ChartStyle.Line : Reference)).ToList() },
                HoverTemplate = "%{y}<br>" + report.ImportanceScore + " drop %{x:.4f}<extra></extra>",
            },
        };
        var layout = ChartStyle.NewLayout();
        // Room for the longest feature names on the left.
        layout.Margin = new Margin { L = 150, R = 16, T = 8, B = 44 };
        layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = $"Drop in {report.ImportanceScore} when shuffled" }, GridColor = ChartStyle.Grid, ZeroLineColor = Reference }];
        layout.YAxis = [new YAxis { Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category }];
        return new BacktestChart(data, layout);
    }

    public static BacktestChart Calibration(ModelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var bins = report.Calibration.Where(b => b.Count > 0).ToList();
        var data = new List<ITrace>
        {
            new Scatter
            {
                Name = "Perfect", Mode = ModeFlag.Lines, X = [0.0, 1.0], Y = [0.0, 1.0],
                Line = new Line { Color = Reference, Width = 1, Dash = "dash" }, HoverInfo = HoverInfoFlag.Skip,
            },
            new Scatter
            {
                Name = "Model", Mode = ModeFlag.Lines | ModeFlag.Markers, X = bins.Select(b => (object)b.MeanPredicted!).ToList(),
                Y = bins.Select(b => (object)b.ObservedRate!).ToList(), CustomData = bins.Select(b => (object)b.Count).ToList(),
                Line = new Line { Color = ChartStyle.Line, Width = 2 },
                HoverTemplate = "predicted %{x:.3f}<br>observed %{y:.3f}<br>%{customdata} rows<extra></extra>",
            },
        };
        var layout = ChartStyle.NewLayout();
        layout.Margin = new Margin { L = 56, R = 16, T = 8, B = 44 };
        layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Mean predicted probability" }, Range = [0.0, 1.0], GridColor = ChartStyle.Grid }];
        layout.YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Observed positive rate" }, Range = [0.0, 1.0], GridColor = ChartStyle.Grid }];
        return new BacktestChart(data, layout);
    }
}
