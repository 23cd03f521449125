using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Simulator;

public sealed partial class SimExchange
{
    /// <summary>
    /// A news shock: the instrument's fair value and intraday target jump by <paramref name="percent"/> of the last
    /// price (clamped inside today's limits) and the market maker requotes there at once; the next taker flow trades at
    /// the new level. The target then reverts towards the day's base as usual (minutes, not seconds), so a test or a demo
    /// can stage a sharp run-up or a drop without touching the history. Returns the new fair price, or null for an
    /// unknown code or a closed market.
    /// </summary>
    public decimal? Shock(string code, decimal percent)
    {
        if (percent is <= -30m or >= 30m) throw new ArgumentOutOfRangeException(nameof(percent), percent, "a shock must be within ±30% (the daily limit)");
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (!IsOpen(now)) return null;
            var s = _ordered.FirstOrDefault(i => i.Code == code);
            if (s is null) return null;
            var from = s.Last > 0 ? s.Last : s.BasePrice;
            var fair = (double)(from * (1m + percent / 100m));
            var upper = Math.Log((double)s.Limits.Upper) - 0.002;
            var lower = Math.Log((double)s.Limits.Lower) + 0.002;
            s.LogFair = s.LogTarget = Math.Clamp(Math.Log(fair), lower, upper);
            var price = (decimal)Math.Exp(s.LogFair);
            var fills = Requote(s, price, now, publish: false);
            // One print at the new level, so the last price (and the realtime feed) shows the shock immediately.
            var book = _engine.Book(s.Code);
            var side = percent >= 0 ? Side.Buy : Side.Sell;
            var at = side == Side.Buy ? book.BestAsk : book.BestBid;
            if (at is { } p)
            {
                var id = "s" + (++_syntheticSequence);
                var qty = Math.Max(1L, s.Definition.DailyVolume / 2000);
                var r = book.Submit(new ExchangeOrder(id, FlowAccount, s.Code, side, ExchangeOrderType.Limit, qty, p), now);
                fills.AddRange(r.Fills);
                if (r.RestingQuantity > 0) book.Cancel(id);
            }
            ApplyFills(s, fills);
            Publisher.Book(s, this);
            Dirty = true;
            return KrxRules.FloorToTick(price, s.Market, InstrumentKind.Stock, s.TradingDate);
        }
    }
}
