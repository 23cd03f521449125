using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>
/// Fills pnl_7_days and pnl_30_days from daily closes: close_N is the close of the N-th completed daily bar strictly
/// after the trade's KST date (today's bar counts only once the market closed at 15:30 KST). Net of costs
/// (<see cref="TradeCostModel"/>, KOSPI assumed unless known):
/// <list type="bullet">
/// <item>BUY: (close_N − fill) × qty − commission on the buy − commission and sell tax on a notional sell at close_N
/// (tax of close_N's date);</item>
/// <item>SELL, the move avoided: (fill − close_N) × qty − the sell's commission and tax.</item>
/// </list>
/// Trades whose bars are not there yet stay pending; a ticker whose bars cannot be read is reported and the rest go on.
/// Scans the last <see cref="LookbackDays"/> calendar days (30 trading days fit well inside 60).
/// </summary>
public sealed class PnlFollowUp(ITradeStore trades, IMarketData market, TimeProvider time, TradeCostModel? costs = null, KrxCalendar? calendar = null)
    : IPnlFollowUp
{
    public const int LookbackDays = 60;

    private readonly TradeCostModel _costs = costs ?? new TradeCostModel();
    private readonly KrxCalendar _calendar = calendar ?? new KrxCalendar();

    public async Task<PnlFollowUpResult> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = KrxCalendar.KstDate(now);
        var lastCompleted = now >= KrxCalendar.CloseOn(today) ? today : today.AddDays(-1);
        var awaiting = await trades.GetAwaitingPnlAsync(now.AddDays(-LookbackDays), now, ct).ConfigureAwait(false);

        int updated7 = 0, updated30 = 0, pending = 0;
        var errors = new List<string>();
        foreach (var group in awaiting.GroupBy(t => t.Ticker, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var due = group.Where(t => Due(t, lastCompleted)).ToList();
            pending += group.Count() - due.Count;
            if (due.Count == 0) continue;

            IReadOnlyList<Bar> bars;
            try
            {
                var first = due.Min(t => TradeCostModel.KstDate(t.Timestamp)).AddDays(1);
                bars = await market.GetBarsAsync(group.Key, first, lastCompleted, BarPeriod.Day, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                errors.Add($"{group.Key}: daily bars could not be read: {ex.GetType().Name}: {Decisions.UntrustedText.Quote(ex.Message, 200)}");
                pending += due.Count;
                continue;
            }
            var closes = bars.Where(b => b.Date <= lastCompleted && b.Close > 0).GroupBy(b => b.Date).Select(g => g.Last())
                .OrderBy(b => b.Date).ToList();

            foreach (var trade in due)
            {
                var date = TradeCostModel.KstDate(trade.Timestamp);
                var after = closes.Where(b => b.Date > date).ToList();
                var stillPending = false;
                foreach (var horizon in (PnlHorizon[])[PnlHorizon.SevenDays, PnlHorizon.ThirtyDays])
                {
                    if ((horizon == PnlHorizon.SevenDays ? trade.Pnl7Days : trade.Pnl30Days) is not null) continue;
                    var n = (int)horizon;
                    if (after.Count < n)
                    {
                        stillPending = true;
                        continue;
                    }
                    var pnl = Pnl(trade, after[n - 1]);
                    try
                    {
                        if (await trades.UpdatePnlAsync(trade.TradeId, horizon, pnl, ct).ConfigureAwait(false))
                        {
                            if (horizon == PnlHorizon.SevenDays) updated7++;
                            else updated30++;
                        }
                        else errors.Add($"{group.Key}: trade {trade.TradeId} vanished before its {n}-day P&L was written");
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        errors.Add($"{group.Key}: trade {trade.TradeId}: {n}-day P&L not written: {ex.GetType().Name}: {ex.Message}");
                    }
                }
                if (stillPending) pending++;
            }
        }
        return new PnlFollowUpResult(updated7, updated30, pending, errors);
    }

    /// <summary>The net P&amp;L of <paramref name="trade"/> at the close of <paramref name="bar"/>.</summary>
    public decimal Pnl(TradeRecord trade, Bar bar)
    {
        var close = bar.Close;
        var q = trade.Quantity;
        var c = _costs.Costs;
        if (trade.Action == TradeAction.Buy)
            return (close - trade.Price) * q - c.Commission(trade.Price * q) - c.Commission(close * q)
                - c.SellTax(close * q, _costs.MarketOf(trade.Ticker), bar.Date);
        return (trade.Price - close) * q - _costs.Commission(trade) - _costs.SellTax(trade);
    }

    // Asking the broker is pointless before 7 trading days have closed since the trade: it stays pending without a call.
    private bool Due(TradeRecord t, DateOnly lastCompleted)
    {
        var date = TradeCostModel.KstDate(t.Timestamp);
        var days = 0;
        for (var d = date.AddDays(1); d <= lastCompleted && days < 7; d = d.AddDays(1))
            if (_calendar.IsTradingDay(d)) days++;
        return days >= 7;
    }
}
