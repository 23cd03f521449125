namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>
/// Test periods chained into one out-of-sample result. Each test run starts from the same cash; its daily equity is
/// scaled by the capital the chain had reached before it, so returns compound across windows and the curve's metrics
/// (return, volatility, Sharpe, Sortino, drawdown, exposure) are those of one account that switched parameters at each
/// window. Trade statistics (round trips, win rate, profit factor, average win and loss, commission, tax) are over all
/// the runs' trades as they were, in won of the starting cash; turnover is the session-weighted mean.
/// </summary>
public static class OutOfSampleChain
{
    public sealed record Run(IReadOnlyList<DailyEquity> Equity, IReadOnlyList<BacktestFill> Fills, BacktestMetrics Metrics);

    public static BacktestMetrics Combine(decimal initialCash, IReadOnlyList<Run> runs, double riskFreeRate = 0d)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("No test period to chain.", nameof(runs));
        var points = new List<EquityPoint>();
        var capital = initialCash;
        foreach (var run in runs)
        {
            var factor = capital / initialCash;
            foreach (var d in run.Equity)
                points.Add(new EquityPoint(d.Date, Math.Round(d.Equity * factor, 0, MidpointRounding.ToEven), Math.Round(d.SecuritiesValue * factor, 0, MidpointRounding.ToEven)));
            if (run.Equity.Count > 0) capital = points[^1].Equity;
        }
        var curve = BacktestMetrics.Compute(initialCash, points, [], riskFreeRate);
        var trips = runs.SelectMany(r => BacktestMetrics.RoundTripsOf(r.Fills)).ToList();
        var wins = trips.Where(t => t.Pnl > 0).Select(t => t.Pnl).ToList();
        var losses = trips.Where(t => t.Pnl < 0).Select(t => t.Pnl).ToList();
        var sessions = runs.Sum(r => r.Metrics.Sessions);
        return curve with
        {
            RoundTrips = trips.Count,
            WinRate = trips.Count > 0 ? (double)wins.Count / trips.Count : null,
            ProfitFactor = losses.Count > 0 ? (double)(wins.Sum() / -losses.Sum()) : null,
            AverageWin = wins.Count > 0 ? wins.Average() : 0m,
            AverageLoss = losses.Count > 0 ? losses.Average() : 0m,
            Turnover = sessions > 0 ? runs.Sum(r => r.Metrics.Turnover * r.Metrics.Sessions) / sessions : 0d,
            Commission = runs.Sum(r => r.Metrics.Commission),
            Tax = runs.Sum(r => r.Metrics.Tax),
        };
    }
}
