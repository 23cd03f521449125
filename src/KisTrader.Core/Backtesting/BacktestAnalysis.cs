using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>The report's breakdowns of a finished backtest: per instrument, per month, per session.</summary>
public static class BacktestAnalysis
{
    /// <summary>Per instrument: what was received for sales less what was paid for buys (commission and tax included),
    /// plus the shares still held at the last close up to <paramref name="to"/>.</summary>
    public static IReadOnlyList<InstrumentContribution> Contributions(BarHistory history, IReadOnlyList<BacktestFill> fills, decimal initialCash, DateOnly to)
    {
        var result = new List<InstrumentContribution>();
        foreach (var ticker in history.Tickers)
        {
            var mine = fills.Where(f => f.Ticker == ticker).ToList();
            var bought = mine.Where(f => f.Side == Side.Buy).Sum(f => f.Quantity);
            var sold = mine.Where(f => f.Side == Side.Sell).Sum(f => f.Quantity);
            var held = bought - sold;
            var mark = held == 0 ? 0m : history.LastVisible(ticker, KrxCalendar.CloseOn(to))?.Close ?? 0m;
            var pnl = mine.Sum(f => f.CashFlow) + held * mark;
            result.Add(new InstrumentContribution(ticker, pnl, (double)(pnl / initialCash), bought, sold, held));
        }
        return result;
    }

    /// <summary>Each calendar month's return from the previous month's last close (the starting cash for the first).</summary>
    public static IReadOnlyList<MonthlyReturn> Monthly(decimal initialCash, IReadOnlyList<EquityPoint> equity, IReadOnlyList<EquityPoint> buyAndHold, IReadOnlyList<DailyIndex>? index)
    {
        var bh = buyAndHold.ToDictionary(p => p.Date, p => p.Equity);
        var ix = index?.ToDictionary(p => p.Date, p => p.Equity);
        var result = new List<MonthlyReturn>();
        decimal start = initialCash, bhStart = initialCash, ixStart = initialCash;
        foreach (var month in equity.GroupBy(p => (p.Date.Year, p.Date.Month)))
        {
            var last = month.Last();
            decimal? b = bh.TryGetValue(last.Date, out var bv) ? bv : null;
            decimal? x = ix is not null && ix.TryGetValue(last.Date, out var xv) ? xv : null;
            result.Add(new MonthlyReturn(month.Key.Year, month.Key.Month, (double)(last.Equity / start) - 1d,
                b is { } bb ? (double)(bb / bhStart) - 1d : null, x is { } xx ? (double)(xx / ixStart) - 1d : null));
            start = last.Equity;
            bhStart = b ?? bhStart;
            ixStart = x ?? ixStart;
        }
        return result;
    }

    /// <summary>Each session's close with the drawdown from the running peak (the starting cash included).</summary>
    public static IReadOnlyList<DailyEquity> Daily(decimal initialCash, IReadOnlyList<EquityPoint> equity, IReadOnlyList<EquityPoint> buyAndHold, IReadOnlyList<DailyIndex>? index)
    {
        var bh = buyAndHold.ToDictionary(p => p.Date, p => p.Equity);
        var ix = index?.ToDictionary(p => p.Date, p => p.Equity);
        var peak = initialCash;
        var result = new List<DailyEquity>();
        foreach (var p in equity)
        {
            peak = Math.Max(peak, p.Equity);
            result.Add(new DailyEquity(p.Date, p.Equity, p.SecuritiesValue, peak > 0 ? (double)(p.Equity / peak) - 1d : 0d,
                bh.GetValueOrDefault(p.Date), ix is not null && ix.TryGetValue(p.Date, out var x) ? x : null));
        }
        return result;
    }
}
