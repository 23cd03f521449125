using System.Globalization;
using KisTrader.Core.Backtesting;

namespace KisTrader.Web.Cli;

/// <summary>The metrics table <c>backtest</c> prints: the strategy beside buy-and-hold and the index.</summary>
public static class BacktestTable
{
    public static void Write(TextWriter w, BacktestReport report)
    {
        var columns = new List<(string Name, BacktestMetrics? M)> { ($"strategy ({report.Request.Engine})", report.Metrics), ("buy-and-hold", report.BuyAndHold), ("index", report.Index) };
        var rows = new (string Label, Func<BacktestMetrics, string> Value)[]
        {
            ("ending equity", m => Won(m.EndingEquity)),
            ("total return", m => Pct(m.TotalReturn)),
            ("annualised return", m => Pct(m.AnnualisedReturn)),
            ("volatility", m => Pct(m.Volatility)),
            ("sharpe", m => Num(m.Sharpe)),
            ("sortino", m => Num(m.Sortino)),
            ("max drawdown", m => Pct(-m.MaxDrawdown)),
            ("drawdown sessions", m => m.MaxDrawdownSessions.ToString(CultureInfo.InvariantCulture)),
            ("round trips", m => m.RoundTrips.ToString(CultureInfo.InvariantCulture)),
            ("win rate", m => m.WinRate is { } r ? Pct(r) : "-"),
            ("profit factor", m => Num(m.ProfitFactor)),
            ("average win", m => Won(m.AverageWin)),
            ("average loss", m => Won(m.AverageLoss)),
            ("turnover", m => Num(m.Turnover)),
            ("exposure", m => Pct(m.Exposure)),
            ("commission", m => Won(m.Commission)),
            ("sell tax", m => Won(m.Tax)),
        };
        const int label = 20, width = 22;
        w.WriteLine("metric".PadRight(label) + string.Concat(columns.Select(c => c.Name.PadLeft(width))));
        foreach (var (name, value) in rows)
            w.WriteLine(name.PadRight(label) + string.Concat(columns.Select(c => (c.M is null ? "n/a" : value(c.M)).PadLeft(width))));
        if (report.Index is null) w.WriteLine($"index: {report.IndexNote}");
        if (report.NoDecisions > 0) w.WriteLine($"no decision: {report.NoDecisions} of {report.Decisions} sessions");
    }

    private static string Won(decimal v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.00%", CultureInfo.InvariantCulture) : "-";

    private static string Num(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
