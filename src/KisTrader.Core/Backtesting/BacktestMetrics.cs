using KisTrader.Core.Exchange;

namespace KisTrader.Core.Backtesting;

/// <summary>The account at one session's close: equity (the D+2 deposit plus holdings at the close) and the part of it in securities.</summary>
public sealed record EquityPoint(DateOnly Date, decimal Equity, decimal SecuritiesValue);

/// <summary>One closing trade, matched FIFO against the buys before it: a sell fill and the lots it closed.
/// <see cref="Pnl"/> is net of the sell's commission and tax and of the matched share of the buys' commission.</summary>
public sealed record RoundTrip(string Ticker, DateOnly Opened, DateOnly Closed, long Quantity, decimal Pnl);

/// <summary>
/// Performance of a backtest from the daily equity series and the fills. Conventions (checked against pandas, see
/// tests/KisTrader.Tests/Backtesting/golden/metrics_golden.py):
/// <list type="bullet">
/// <item>Daily returns r_k = E_k / E_(k−1) − 1 over the starting equity E_0 and each session's close E_1..E_n.</item>
/// <item>Annualised return (1 + total)^(252/n) − 1; volatility the sample standard deviation (n − 1) of r × √252.</item>
/// <item>Sharpe mean(r − rf/252) / sd(r − rf/252) × √252; Sortino mean(r − rf/252) / √(mean(min(r − rf/252, 0)²)) × √252
/// (downside deviation over all n days, target rf). Null when the denominator is 0.</item>
/// <item>Maximum drawdown: the largest fall from a running peak, as a fraction; its duration: sessions from that peak
/// until equity is back at or above it, or until the end if it never is.</item>
/// <item>Round trips: each sell fill, matched FIFO to earlier buys. Win rate = winners / all; profit factor = gross
/// wins / gross losses (null with no losing trade); average win and loss over winners and losers (a loss is negative).</item>
/// <item>Turnover: (bought + sold) / 2 / the mean closing equity, over the whole run (not annualised). Exposure: the
/// mean of securities / equity at the closes.</item>
/// </list>
/// </summary>
public sealed record BacktestMetrics(
    decimal StartingEquity,
    decimal EndingEquity,
    int Sessions,
    double TotalReturn,
    double AnnualisedReturn,
    double Volatility,
    double? Sharpe,
    double? Sortino,
    double MaxDrawdown,
    int MaxDrawdownSessions,
    int RoundTrips,
    double? WinRate,
    double? ProfitFactor,
    decimal AverageWin,
    decimal AverageLoss,
    double Turnover,
    double Exposure,
    decimal Commission,
    decimal Tax)
{
    public const int SessionsPerYear = 252;

    public static BacktestMetrics Compute(decimal startingEquity, IReadOnlyList<EquityPoint> closes, IReadOnlyList<BacktestFill> fills, double riskFreeRate = 0d)
    {
        ArgumentNullException.ThrowIfNull(closes);
        ArgumentNullException.ThrowIfNull(fills);
        if (startingEquity <= 0) throw new ArgumentOutOfRangeException(nameof(startingEquity), startingEquity, "The starting equity must be positive.");
        if (closes.Count == 0) throw new ArgumentException("The equity series is empty: no session was run.", nameof(closes));
        for (var k = 1; k < closes.Count; k++)
            if (closes[k].Date <= closes[k - 1].Date) throw new ArgumentException("The equity series must be one point per session, oldest first.", nameof(closes));

        var equity = new decimal[closes.Count + 1];
        equity[0] = startingEquity;
        for (var k = 0; k < closes.Count; k++) equity[k + 1] = closes[k].Equity;
        var n = closes.Count;
        var returns = new double[n];
        for (var k = 1; k <= n; k++) returns[k - 1] = equity[k - 1] == 0 ? 0d : (double)(equity[k] / equity[k - 1]) - 1d;

        var total = (double)(equity[n] / equity[0]) - 1d;
        var annualised = Math.Pow(1d + total, (double)SessionsPerYear / n) - 1d;
        var volatility = SampleSd(returns) * Math.Sqrt(SessionsPerYear);
        var rfDaily = riskFreeRate / SessionsPerYear;
        var excess = returns.Select(r => r - rfDaily).ToArray();
        var meanExcess = excess.Average();
        var sd = SampleSd(excess);
        double? sharpe = sd > 0 ? meanExcess / sd * Math.Sqrt(SessionsPerYear) : null;
        var downside = Math.Sqrt(excess.Select(x => Math.Min(x, 0d) * Math.Min(x, 0d)).Average());
        double? sortino = downside > 0 ? meanExcess / downside * Math.Sqrt(SessionsPerYear) : null;
        var (maxDrawdown, drawdownSessions) = Drawdown(equity);

        var trips = RoundTripsOf(fills);
        var wins = trips.Where(t => t.Pnl > 0).Select(t => t.Pnl).ToList();
        var losses = trips.Where(t => t.Pnl < 0).Select(t => t.Pnl).ToList();
        double? winRate = trips.Count > 0 ? (double)wins.Count / trips.Count : null;
        double? profitFactor = losses.Count > 0 ? (double)(wins.Sum() / -losses.Sum()) : null;

        var meanEquity = closes.Average(c => c.Equity);
        var traded = fills.Sum(f => f.Amount);
        var turnover = meanEquity > 0 ? (double)(traded / 2m / meanEquity) : 0d;
        var exposure = closes.Average(c => c.Equity > 0 ? (double)(c.SecuritiesValue / c.Equity) : 0d);

        return new BacktestMetrics(startingEquity, equity[n], n, total, annualised, volatility, sharpe, sortino, maxDrawdown, drawdownSessions,
            trips.Count, winRate, profitFactor, wins.Count > 0 ? wins.Average() : 0m, losses.Count > 0 ? losses.Average() : 0m,
            turnover, exposure, fills.Sum(f => f.Commission), fills.Sum(f => f.Tax));
    }

    /// <summary>Sell fills matched FIFO against the earlier buys of the same ticker, in fill order.</summary>
    public static IReadOnlyList<RoundTrip> RoundTripsOf(IReadOnlyList<BacktestFill> fills)
    {
        var lots = new Dictionary<string, Queue<Lot>>(StringComparer.Ordinal);
        var trips = new List<RoundTrip>();
        foreach (var f in fills.OrderBy(f => f.Sequence))
        {
            if (!lots.TryGetValue(f.Ticker, out var queue)) lots[f.Ticker] = queue = new Queue<Lot>();
            if (f.Side == Side.Buy)
            {
                queue.Enqueue(new Lot(f.Date, f.Price, f.Quantity, f.Commission));
                continue;
            }
            var left = f.Quantity;
            var pnl = -f.Commission - f.Tax;
            DateOnly? opened = null;
            while (left > 0)
            {
                if (!queue.TryPeek(out var lot))
                    throw new InvalidOperationException($"{f.Ticker}: a sale of {f.Quantity} on {f.Date:yyyy-MM-dd} exceeds the shares bought before it.");
                opened ??= lot.Date;
                var take = Math.Min(left, lot.Quantity);
                // The lot's commission follows its shares; the last share takes the rest, so nothing is lost to rounding.
                var fee = take == lot.Quantity ? lot.Fee : lot.Fee * take / lot.Quantity;
                pnl += (f.Price - lot.Price) * take - fee;
                lot.Quantity -= take;
                lot.Fee -= fee;
                left -= take;
                if (lot.Quantity == 0) queue.Dequeue();
            }
            trips.Add(new RoundTrip(f.Ticker, opened!.Value, f.Date, f.Quantity, pnl));
        }
        return trips;
    }

    private sealed class Lot(DateOnly date, decimal price, long quantity, decimal fee)
    {
        public DateOnly Date { get; } = date;
        public decimal Price { get; } = price;
        public long Quantity { get; set; } = quantity;
        public decimal Fee { get; set; } = fee;
    }

    private static double SampleSd(double[] x)
    {
        if (x.Length < 2) return 0d;
        var mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    private static (double Depth, int Sessions) Drawdown(decimal[] equity)
    {
        var peak = equity[0];
        var peakIndex = 0;
        double worst = 0;
        int worstPeak = 0, worstTrough = 0;
        for (var k = 1; k < equity.Length; k++)
        {
            if (equity[k] >= peak)
            {
                peak = equity[k];
                peakIndex = k;
                continue;
            }
            var depth = 1d - (double)(equity[k] / peak);
            if (depth > worst)
            {
                worst = depth;
                worstPeak = peakIndex;
                worstTrough = k;
            }
        }
        if (worst == 0) return (0d, 0);
        var recovered = Array.FindIndex(equity, worstTrough, e => e >= equity[worstPeak]);
        return (worst, (recovered >= 0 ? recovered : equity.Length - 1) - worstPeak);
    }
}
