using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Market;
using KisTrader.Simulator.Rest;

namespace KisTrader.Simulator;

/// <summary>A cash order as order_cash carries it.</summary>
public sealed record OrderInput(string Code, Side Side, string OrderDivision, long Quantity, decimal Price);

/// <summary>An amendment or cancellation as order_rvsecncl carries it.</summary>
public sealed record ModifyInput(string OrgNo, string OriginalOdno, bool Cancel, string OrderDivision, long Quantity, decimal Price, bool AllQuantity);

/// <summary>The answer to an order: the code, and the order row when one was created.</summary>
public sealed record OrderOutcome(KisCode Code, SimOrder? Order);

public sealed partial class SimExchange
{
    private static readonly HashSet<string> PaperDivisions = ["00", "01", "02", "03", "04"];
    // Real mode adds IOC/FOK (11 IOC limit, 12 FOK limit, 13 IOC market, 14 FOK market).
    private static readonly HashSet<string> RealDivisions = ["00", "01", "02", "03", "04", "11", "12", "13", "14"];

    private static bool IsMarketType(string d) => d is "01" or "13" or "14";
    private static bool IsLimitType(string d) => d is "00" or "02" or "11" or "12";
    private static bool IsIoc(string d) => d is "11" or "13";
    private static bool IsFok(string d) => d is "12" or "14";

    private string NextOrderNumber() => (++_orderSequence).ToString("D10");

    private KisCode? SessionReject(DateTimeOffset now)
    {
        if (_settings.AlwaysOpen) return null;
        var paper = _settings.Mode == SimulatorMode.Paper;
        if (!TradingCalendar.IsBusinessDay(TradingCalendar.KstDate(now))) return paper ? KisCodes.PaperNotBusinessDay : KisCodes.RealNotBusinessDay;
        if (!TradingCalendar.InSession(now)) return paper ? KisCodes.PaperMarketClosed : KisCodes.RealMarketClosed;
        return null;
    }

    /// <summary>Places a cash order: checks, then the matching engine, then notices. The caller persists before answering.</summary>
    public OrderOutcome PlaceOrder(SimAccount account, OrderInput input)
    {
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            RollDayIfDue(now);
            var s = Instrument(input.Code);
            if (s is null) return new(KisCodes.UnknownProduct, null);
            var divisions = _settings.Mode == SimulatorMode.Real ? RealDivisions : PaperDivisions;
            if (!divisions.Contains(input.OrderDivision)) return new(KisCodes.UnsupportedOrderDivision, null);
            if (input.Quantity <= 0) return new(KisCodes.InvalidQuantity, null);

            decimal? enginePrice = null;
            var reject = SessionReject(now) ?? PriceReject(s, input.OrderDivision, input.Price, input.Side, out enginePrice);
            decimal reservePrice = 0;
            if (reject is null)
            {
                reservePrice = IsMarketType(input.OrderDivision) ? s.Limits.Upper : enginePrice!.Value;
                if (input.Side == Side.Buy)
                {
                    var notional = reservePrice * input.Quantity;
                    if (notional + _costs.Commission(notional) > AvailableCash(account)) reject = KisCodes.InsufficientCash;
                }
                else if (input.Quantity > SellableQuantity(account, s.Code)) reject = KisCodes.InsufficientQuantity;
            }
            else enginePrice = null;

            var order = new SimOrder
            {
                Odno = NextOrderNumber(), OrgNo = OrgNo, Kind = SimOrderKind.New, AccountKey = account.Key, Code = s.Code,
                Side = input.Side, OrderDivision = input.OrderDivision, Quantity = input.Quantity, Price = input.Price,
                ReservePrice = reservePrice, Date = s.TradingDate, Time = now.ToKst().ToString("HHmmss"),
            };
            _orders[order.Odno] = order;
            _orderList.Add(order);
            Dirty = true;
            if (reject is not null)
            {
                // A refused order keeps its number (it shows in inquire_daily_ccld with rjct_qty) and is notified as refused.
                order.RejectedQuantity = order.Quantity;
                order.RejectMessage = reject.Message;
                Publisher.Notice(Notice(NoticeType.Refused, order, account, order.Quantity, order.Price, now));
                return new(reject, null);
            }
            Publisher.Notice(Notice(NoticeType.Accepted, order, account, order.Quantity, order.Price, now));
            Execute(s, order, account, enginePrice, now);
            var ok = _settings.Mode == SimulatorMode.Real ? KisCodes.RealOrderOk : input.Side == Side.Buy ? KisCodes.PaperBuyOk : KisCodes.PaperSellOk;
            return new(ok, order);
        }
    }

    /// <summary>Sends an accepted order (or the new part of an amendment) to the engine and books the result.</summary>
    private void Execute(InstrumentState s, SimOrder order, SimAccount account, decimal? enginePrice, DateTimeOffset now)
    {
        var division = order.OrderDivision;
        var qty = order.Quantity;
        if (IsFok(division) && Available(s, order.Side, IsMarketType(division) ? null : enginePrice) < qty)
        {
            order.CancelledQuantity = qty;
            Publisher.Notice(Notice(NoticeType.ExchangeCancelled, order, account, qty, order.Price, now));
            return;
        }
        var type = IsMarketType(division) ? ExchangeOrderType.Market : ExchangeOrderType.Limit;
        var result = _engine.Submit(new ExchangeOrder(order.Odno, account.Key, s.Code, order.Side, type, qty, type == ExchangeOrderType.Limit ? enginePrice : null));
        if (!result.Accepted)
        {
            order.RejectedQuantity = qty;
            order.RejectMessage = result.Reject.ToString();
            Publisher.Notice(Notice(NoticeType.Refused, order, account, qty, order.Price, now));
            return;
        }
        ApplyFills(s, result.Fills);
        var unfilled = result.CancelledQuantity;
        if (IsIoc(division) && result.RestingQuantity > 0)
        {
            _engine.Cancel(s.Code, order.Odno);
            unfilled += result.RestingQuantity;
        }
        if (unfilled > 0)
        {
            order.CancelledQuantity += unfilled;
            Publisher.Notice(Notice(NoticeType.ExchangeCancelled, order, account, unfilled, order.Price, now));
        }
        Publisher.Book(s, this);
    }

    private long Available(InstrumentState s, Side side, decimal? limit)
    {
        var (bids, asks) = _engine.Depth(s.Code, 10);
        var levels = side == Side.Buy ? asks : bids;
        return levels.Where(l => limit is null || (side == Side.Buy ? l.Price <= limit : l.Price >= limit)).Sum(l => l.Quantity);
    }

    /// <summary>Checks the price for the order division and finds the limit the engine uses (null for market types).</summary>
    private KisCode? PriceReject(InstrumentState s, string division, decimal price, Side side, out decimal? enginePrice)
    {
        enginePrice = null;
        var (bids, asks) = _engine.Depth(s.Code, 1);
        decimal? bestBid = bids.Count > 0 ? bids[0].Price : null, bestAsk = asks.Count > 0 ? asks[0].Price : null;
        if (IsMarketType(division))
        {
            if ((side == Side.Buy ? bestAsk : bestBid) is null) return KisCodes.NoMarketLiquidity;
            return null;
        }
        if (division == "03") // 최유리지정가: the best price on the other side
        {
            enginePrice = side == Side.Buy ? bestAsk : bestBid;
            return enginePrice is null ? KisCodes.NoMarketLiquidity : null;
        }
        if (division == "04") // 최우선지정가: the best price on our own side
        {
            enginePrice = (side == Side.Buy ? bestBid : bestAsk) ?? (side == Side.Buy ? bestAsk : bestBid);
            return enginePrice is null ? KisCodes.NoMarketLiquidity : null;
        }
        if (!IsLimitType(division)) return KisCodes.UnsupportedOrderDivision;
        if (price <= 0) return KisCodes.InvalidPrice;
        if (!KrxRules.IsOnTick(price, s.Market, InstrumentKind.Stock, s.TradingDate)) return KisCodes.OffTick;
        if (!s.Limits.Contains(price)) return KisCodes.OutsideLimits;
        enginePrice = price;
        return null;
    }

    /// <summary>Amends (정정) or cancels (취소) an open order; each creates a new order number pointing at the original.</summary>
    public OrderOutcome ModifyOrder(SimAccount account, ModifyInput input)
    {
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            RollDayIfDue(now);
            var odno = input.OriginalOdno.Trim().PadLeft(10, '0');
            if (!_orders.TryGetValue(odno, out var original) || original.AccountKey != account.Key || original.Kind == SimOrderKind.Cancel
                || original.OrgNo != input.OrgNo.Trim())
                return new(KisCodes.OrderNotFound, null);
            var s = _instruments[original.Code];
            var remaining = original.Remaining;
            if (remaining <= 0) return new(KisCodes.NothingToModify, null);
            var qty = input.AllQuantity ? remaining : input.Quantity;
            if (qty <= 0 || qty > remaining) return new(qty <= 0 ? KisCodes.InvalidQuantity : KisCodes.NothingToModify, null);
            if (SessionReject(now) is { } closed) return new(closed, null);

            var paper = _settings.Mode == SimulatorMode.Paper;
            if (input.Cancel)
            {
                Reduce(original, remaining, qty);
                var row = NewRow(original, SimOrderKind.Cancel, original.OrderDivision, qty, original.Price, original.ReservePrice, now);
                Publisher.Notice(Notice(NoticeType.Cancelled, row, account, qty, original.Price, now));
                Publisher.Book(s, this);
                return new(paper ? KisCodes.PaperCancelOk : KisCodes.RealOrderOk, row);
            }

            var divisions = paper ? PaperDivisions : RealDivisions;
            var division = string.IsNullOrWhiteSpace(input.OrderDivision) ? original.OrderDivision : input.OrderDivision;
            if (!divisions.Contains(division)) return new(KisCodes.UnsupportedOrderDivision, null);
            if (PriceReject(s, division, input.Price, original.Side, out var enginePrice) is { } priceReject) return new(priceReject, null);
            var reservePrice = IsMarketType(division) ? s.Limits.Upper : enginePrice!.Value;
            if (original.Side == Side.Buy)
            {
                var oldNotional = original.ReservePrice * qty;
                var newNotional = reservePrice * qty;
                var extra = newNotional + _costs.Commission(newNotional) - oldNotional - _costs.Commission(oldNotional);
                if (extra > AvailableCash(account)) return new(KisCodes.InsufficientCash, null);
            }
            Reduce(original, remaining, qty);
            var amended = NewRow(original, SimOrderKind.Amend, division, qty, IsMarketType(division) ? 0 : enginePrice!.Value, reservePrice, now);
            Publisher.Notice(Notice(NoticeType.Amended, amended, account, qty, amended.Price, now));
            Execute(s, amended, account, enginePrice, now);
            return new(paper ? KisCodes.PaperAmendOk : KisCodes.RealOrderOk, amended);
        }
    }

    /// <summary>Takes <paramref name="qty"/> of <paramref name="remaining"/> off the book, keeping time priority for the rest.</summary>
    private void Reduce(SimOrder original, long remaining, long qty)
    {
        if (qty == remaining) _engine.Cancel(original.Code, original.Odno);
        else _engine.Amend(original.Code, original.Odno, remaining - qty, original.ReservePrice);
        original.CancelledQuantity += qty;
        Dirty = true;
    }

    private SimOrder NewRow(SimOrder original, SimOrderKind kind, string division, long qty, decimal price, decimal reservePrice, DateTimeOffset now)
    {
        var row = new SimOrder
        {
            Odno = NextOrderNumber(), OrgNo = original.OrgNo, OriginalOdno = original.Odno, Kind = kind, AccountKey = original.AccountKey,
            Code = original.Code, Side = original.Side, OrderDivision = division, Quantity = qty, Price = price,
            ReservePrice = reservePrice, Date = original.Date, Time = now.ToKst().ToString("HHmmss"),
        };
        _orders[row.Odno] = row;
        _orderList.Add(row);
        Dirty = true;
        return row;
    }
}
