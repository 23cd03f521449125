using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Backtesting;

public sealed partial class SimulatedBroker
{
    public Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            var holdings = new List<Holding>();
            foreach (var (ticker, h) in _holdings)
            {
                if (h.Quantity <= 0) continue;
                var mark = Mark(ticker, now);
                var value = mark * h.Quantity;
                var pnl = value - h.PurchaseAmount;
                var rate = h.PurchaseAmount > 0 ? Math.Round(pnl / h.PurchaseAmount * 100m, 2) : 0m;
                holdings.Add(new Holding(ticker, _history.Instrument(ticker).Name, h.Quantity, Sellable(ticker),
                    Math.Round(h.PurchaseAmount / h.Quantity, 4), h.PurchaseAmount, mark, value, pnl, rate));
            }
            var securities = holdings.Sum(h => h.EvaluationAmount);
            var d2 = CashD2();
            return Task.FromResult(new AccountBalance(SettledCash(now), d2, securities, d2 + securities, d2 + securities,
                holdings.Sum(h => h.PurchaseAmount), holdings.Sum(h => h.UnrealizedPnl), holdings));
        }
    }

    public Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default)
    {
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            var orderable = OrderableCash();
            decimal unit;
            if (type == OrderPriceType.Market || price is not > 0)
            {
                // A market buy reserves at the upper limit of the session it would trade in.
                var session = _calendar.IsTradingDay(KrxCalendar.KstDate(now)) && now < KrxCalendar.CloseOn(KrxCalendar.KstDate(now))
                    ? KrxCalendar.KstDate(now) : NextTradingDay(KrxCalendar.KstDate(now));
                var basePrice = _history.PreviousClose(ticker, session) ?? 0m;
                var i = _history.Instrument(ticker);
                unit = basePrice > 0 ? KrxRules.DailyLimits(basePrice, i.Market, i.Kind, session).Upper : 0m;
            }
            else unit = price.Value;
            var quantity = unit > 0 ? MaxQuantity(orderable, unit) : 0;
            return Task.FromResult(new BuyingPower(orderable, orderable, quantity, orderable, quantity));
        }
    }

    public Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default)
    {
        lock (_gate)
        {
            SyncCore();
            return Task.FromResult(new SellableQuantity(ticker, Sellable(ticker), DataSource.Broker));
        }
    }

    public Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        lock (_gate)
        {
            SyncCore();
            // Orders are kept in acceptance order (the clock only moves forward): walk back from the newest to `from`.
            var rows = new List<BrokerOrder>();
            for (var i = _orders.Count - 1; i >= 0 && KrxCalendar.KstDate(_orders[i].AcceptedAt) >= from; i--)
                if (KrxCalendar.KstDate(_orders[i].AcceptedAt) <= to) rows.Add(ToBrokerOrder(_orders[i]));
            rows.Reverse();
            return Task.FromResult<IReadOnlyList<BrokerOrder>>(rows);
        }
    }

    public Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            SyncCore();
            IReadOnlyList<OpenOrder> open = [.. Live.Where(o => o.Remaining > 0).Select(o => new OpenOrder(new BrokerOrderId(_options.BranchNo, o.OrderNo),
                o.Ticker, o.Side, o.Quantity, o.Price, o.FilledQuantity, o.Remaining, TimeOnly.FromTimeSpan(o.AcceptedAt.ToKst().TimeOfDay)))];
            return Task.FromResult(new OpenOrders(DataSource.Broker, open));
        }
    }

    public Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        lock (_gate)
        {
            SyncCore();
            IReadOnlyList<DailyProfit> days = [.. _days.Where(d => d.Key >= from && d.Key <= to)
                .Select(d => new DailyProfit(d.Key, d.Value.BuyAmount, d.Value.SellAmount, Math.Round(d.Value.RealizedPnl, 0), d.Value.Fee, d.Value.Tax))];
            return Task.FromResult(new PeriodProfit(DataSource.Broker, days));
        }
    }

    /// <summary>Cash plus holdings at the visible price (the close after the close, the open during a session): the
    /// equity the metrics use, with unsettled trades counted (the D+2 deposit).</summary>
    public decimal Equity()
    {
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            return CashD2() + _holdings.Where(h => h.Value.Quantity > 0).Sum(h => Mark(h.Key, now) * h.Value.Quantity);
        }
    }

    /// <summary><see cref="Equity"/> and <see cref="SecuritiesValue"/> at once (the holdings marked once: the session's
    /// equity point needs both).</summary>
    public (decimal Equity, decimal Securities) Valuation()
    {
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            var securities = _holdings.Where(h => h.Value.Quantity > 0).Sum(h => Mark(h.Key, now) * h.Value.Quantity);
            return (CashD2() + securities, securities);
        }
    }

    /// <summary>Holdings at the visible price.</summary>
    public decimal SecuritiesValue()
    {
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            return _holdings.Where(h => h.Value.Quantity > 0).Sum(h => Mark(h.Key, now) * h.Value.Quantity);
        }
    }

    /// <summary>What could be withdrawn now: the lowest of today's, D+1 and D+2 deposits (a sale's proceeds only once
    /// settled, a buy's cost as soon as it is owed), less the cash open buy orders hold.</summary>
    public decimal WithdrawableCash
    {
        get
        {
            lock (_gate)
            {
                SyncCore();
                return Math.Max(0m, LowestDeposit(_clock.GetUtcNow()) - ReservedCash());
            }
        }
    }

    private decimal LowestDeposit(DateTimeOffset now)
    {
        var settled = SettledCash(now);
        var nextDay = NextTradingDay(KrxCalendar.KstDate(now));
        var d1 = settled + _unsettled.Where(f => f.SettlesOn <= nextDay).Sum(f => f.CashFlow);
        return Math.Min(Math.Min(settled, d1), CashD2());
    }

    /// <summary>예수금 (dnca_tot_amt): cash whose settlement day has come.</summary>
    private decimal SettledCash(DateTimeOffset now)
    {
        // The clock only moves forward, so what has settled stays settled.
        var today = KrxCalendar.KstDate(now);
        for (var i = _unsettled.Count - 1; i >= 0; i--)
        {
            if (_unsettled[i].SettlesOn > today) continue;
            _settledFlows += _unsettled[i].CashFlow;
            _unsettled.RemoveAt(i);
        }
        return _options.InitialCash + _settledFlows;
    }

    /// <summary>D+2 예수금 (prvs_rcdl_excc_amt): cash once everything traded so far has settled.</summary>
    private decimal CashD2() => _options.InitialCash + _flows;

    private IEnumerable<SimulatedOrder> Live => _orders.Skip(_firstOpen);

    private decimal ReservedCash() => Live.Where(o => o.Side == Side.Buy && o.Remaining > 0)
        .Sum(o => o.Remaining * o.ReservePrice + _options.Costs.Commission(o.Remaining * o.ReservePrice));

    private decimal OrderableCash() =>
        Math.Max(0m, (_options.ReuseUnsettledSales ? CashD2() : LowestDeposit(_clock.GetUtcNow())) - ReservedCash());

    private long Sellable(string ticker) =>
        (_holdings.TryGetValue(ticker, out var h) ? h.Quantity : 0) - Live.Where(o => o.Ticker == ticker && o.Side == Side.Sell).Sum(o => o.Remaining);

    private decimal Mark(string ticker, DateTimeOffset now) => _marks.QuoteAt(ticker, now).Price;

    /// <summary>The most shares at <paramref name="unit"/> whose cost with commission fits in <paramref name="cash"/>.</summary>
    private long MaxQuantity(decimal cash, decimal unit)
    {
        var q = (long)Math.Floor(cash / (unit * (1m + _options.Costs.CommissionRate)));
        while (q > 0 && q * unit + _options.Costs.Commission(q * unit) > cash) q--;
        while ((q + 1) * unit + _options.Costs.Commission((q + 1) * unit) <= cash) q++;
        return q;
    }

    private BrokerOrder ToBrokerOrder(SimulatedOrder o)
    {
        var code = o.Type switch
        {
            OrderPriceType.Market => "01",
            OrderPriceType.ConditionalLimit => "02",
            _ => "00",
        };
        return new BrokerOrder(KrxCalendar.KstDate(o.AcceptedAt), TimeOnly.FromTimeSpan(o.AcceptedAt.ToKst().TimeOfDay), _options.BranchNo, o.OrderNo,
            o.OriginalOrderNo, o.Ticker, _history.Instrument(o.Ticker).Name, o.Side, code, o.Quantity, o.Price, o.FilledQuantity, o.AverageFillPrice,
            o.FilledAmount, o.Remaining, o.RejectedQuantity, o.Kind == ModificationKind.Cancel);
    }
}
