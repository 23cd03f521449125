using System.Globalization;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// The backtest's broker and exchange: <see cref="IOrderRouter"/> and <see cref="IAccountReader"/> over daily bars and
/// the simulated clock, filling through the product's <see cref="MatchingEngine"/> (tick grid, daily limits, partial fills).
/// <para>Fill model (daily bars). Every order is a day order of the session it is accepted in (08:30–15:30 KST on a
/// trading day); whatever is open at that session's close is cancelled. An order accepted at or before the open (09:00)
/// takes part in the opening price: a market order, or a limit at or through the open, fills at the open moved against
/// the trader by the <see cref="SlippageModel"/> (a limit never worse than its limit). A limit that was not marketable at
/// the open fills if the day's range reaches it, at the limit. An order accepted after the open cannot know the intraday
/// path, so it executes only at the closing price (with slippage; a limit if the close reaches it). A conditional limit
/// (조건부지정가) is a limit during the day and a market order at the close. Fills of the opening price are stamped
/// 09:00 and visible from then; all other fills are stamped 15:30 and visible only from the close, so no read during
/// the session can learn the day's range from a fill. All of our orders in one ticker share the participation cap of
/// the day's volume, in time priority; a bar with no volume (a halt) fills nothing.</para>
/// <para>Fill model (minute bars, <see cref="BarHistory.Minutes"/> set). An order accepted at t takes part from the
/// minute bar starting at or after t (the next bar: a decision at 10:00 has seen the bars up to 09:59–10:00 and trades
/// in 10:00–10:01, never in a bar it has seen). There a market order, or a limit at or through the bar's open, fills at
/// the open moved against the trader by the slippage (the previous minute's high − low is the spread proxy); a limit
/// that is not marketable fills at its price when the bar's range reaches it. Fills are stamped at the bar's end and
/// visible from then. The participation cap applies to each minute bar's volume; a minute without a bar (no trade)
/// fills nothing. Limits, tick grid, costs and T+2 are as at daily resolution; a conditional limit becomes a market
/// order against the session's last minute bar at the close, and what is left at the close is cancelled.</para>
/// <para>Cash (KIS inquire_balance). Each fill's cash moves on T+2 by the trading calendar. <c>dnca_tot_amt</c>
/// (<see cref="Portfolio.AccountBalance.Cash"/>) is the settled deposit; <c>prvs_rcdl_excc_amt</c>
/// (<see cref="Portfolio.AccountBalance.CashD2"/>) includes every unsettled buy and sale. Buying power is the D+2
/// deposit less the cash reserved by open buy orders: KRX lets sale proceeds be reused for buying before they settle
/// (ruse_psbl_amt), while withdrawal needs them settled (<see cref="WithdrawableCash"/>; with
/// <see cref="SimulatedBrokerOptions.ReuseUnsettledSales"/> off, buying power is that lower figure). A buy reserves its limit, or
/// the day's upper limit for a market or conditional-limit order, plus commission.</para>
/// </summary>
public sealed partial class SimulatedBroker : IOrderRouter, IAccountReader
{
    private const string MarketAccount = "market";

    private readonly BarHistory _history;
    private readonly TimeProvider _clock;
    private readonly KrxCalendar _calendar;
    private readonly SimulatedBrokerOptions _options;
    private readonly HistoricalMarketData _marks;
    private readonly MatchingEngine _engine;
    private readonly Lock _gate = new();
    private readonly List<SimulatedOrder> _orders = [];
    // By the order number without its leading zeros (KIS pads them; callers may not).
    private readonly Dictionary<string, SimulatedOrder> _byNo = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, HoldingState> _holdings = new(StringComparer.Ordinal);
    private readonly SortedDictionary<DateOnly, DayState> _days = [];
    private readonly List<BacktestFill> _fills = [];
    // Our filled quantity per ticker and bar (the daily bar's KST midnight, or a minute bar's start): the participation cap's use.
    private readonly Dictionary<(string Ticker, DateTimeOffset Bar), long> _participation = [];
    private readonly List<BacktestFill> _unsettled = [];
    private decimal _flows;
    private decimal _settledFlows;
    // Orders before this index belong to sessions already closed: nothing in them is open any more.
    private int _firstOpen;
    private DateTimeOffset _processed;
    private long _orderSequence;
    private long _fillSequence;
    private long _engineSequence;

    public SimulatedBroker(BarHistory history, TimeProvider clock, KrxCalendar calendar, SimulatedBrokerOptions? options = null)
    {
        _history = history;
        _clock = clock;
        _calendar = calendar;
        _options = options ?? new SimulatedBrokerOptions();
        if (_options.InitialCash < 0) throw new ArgumentOutOfRangeException(nameof(options), _options.InitialCash, "The initial cash cannot be negative.");
        _marks = new HistoricalMarketData(history, clock, calendar);
        _engine = new MatchingEngine(clock);
        _processed = clock.GetUtcNow();
    }

    public SimulatedBrokerOptions Options => _options;

    /// <summary>Every fill so far, in the order they happened.</summary>
    public IReadOnlyList<BacktestFill> Fills
    {
        get { lock (_gate) { SyncCore(); return [.. _fills]; } }
    }

    /// <summary>Every order row so far, in the order they were accepted.</summary>
    public IReadOnlyList<SimulatedOrder> Orders
    {
        get { lock (_gate) { SyncCore(); return [.. _orders]; } }
    }

    /// <summary>Processes the opens and closes the clock has passed. Every port call does this first; a driver calls it
    /// after moving the clock to take the day's marks.</summary>
    public void Sync()
    {
        lock (_gate) SyncCore();
    }

    private void SyncCore()
    {
        var now = _clock.GetUtcNow();
        if (now <= _processed) return;
        for (var day = KrxCalendar.KstDate(_processed); day <= KrxCalendar.KstDate(now); day = day.AddDays(1))
        {
            if (!_calendar.IsTradingDay(day)) continue;
            var open = KrxCalendar.OpenOn(day);
            var close = KrxCalendar.CloseOn(day);
            if (open > _processed && open <= now) RunOpen(day);
            if (_history.Minutes is { } minutes) RunMinutes(minutes, day, _processed, now);
            if (close > _processed && close <= now)
            {
                if (_history.Minutes is { } m) RunCloseOfMinutes(m, day);
                else RunClose(day);
            }
        }
        _processed = now;
    }

    public Task<OrderSubmission> PlaceAsync(OrderRequest order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            if (!_history.Contains(order.Ticker)) return Rejected("UNKNOWN_TICKER", $"No history for {order.Ticker}.");
            if (order.Quantity <= 0) return Rejected("INVALID_QUANTITY", "The quantity must be positive.");
            if (SessionRefusal(now) is { } closed) return closed;
            var session = KrxCalendar.KstDate(now);
            if (Price(order.Ticker, session, order.Type, order.Price, out var reserve) is { } refusal) return refusal;

            if (order.Side == Side.Buy)
            {
                var notional = reserve * order.Quantity;
                if (notional + _options.Costs.Commission(notional) > OrderableCash())
                    return Rejected("INSUFFICIENT_CASH", $"Buying {order.Quantity} at {Won(reserve)} needs {Won(notional + _options.Costs.Commission(notional))}; orderable cash is {Won(OrderableCash())}.");
            }
            else if (order.Quantity > Sellable(order.Ticker))
                return Rejected("INSUFFICIENT_QUANTITY", $"Selling {order.Quantity} of {order.Ticker}; sellable is {Sellable(order.Ticker)}.");

            var placed = Add(null, ModificationKind.Original, order.Ticker, order.Side, order.Type, order.Quantity,
                order.Type == OrderPriceType.Market ? 0m : order.Price!.Value, reserve, now, session);
            return Accepted(placed, now);
        }
    }

    public Task<OrderSubmission> AmendAsync(ModifyRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            if (Modifiable(request, now, out var original, out var quantity) is { } refusal) return refusal;
            var session = original!.Session;
            if (Price(original.Ticker, session, request.Type, request.Price, out var reserve) is { } priceRefusal) return priceRefusal;
            if (original.Side == Side.Buy)
            {
                var before = original.ReservePrice * quantity;
                var after = reserve * quantity;
                var extra = after + _options.Costs.Commission(after) - before - _options.Costs.Commission(before);
                if (extra > OrderableCash())
                    return Rejected("INSUFFICIENT_CASH", $"The amendment needs {Won(extra)} more; orderable cash is {Won(OrderableCash())}.");
            }
            original.CancelledQuantity += quantity;
            var amended = Add(original.OrderNo, ModificationKind.Amend, original.Ticker, original.Side, request.Type, quantity,
                request.Type == OrderPriceType.Market ? 0m : request.Price!.Value, reserve, now, session);
            return Accepted(amended, now);
        }
    }

    public Task<OrderSubmission> CancelAsync(ModifyRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            SyncCore();
            var now = _clock.GetUtcNow();
            if (Modifiable(request, now, out var original, out var quantity) is { } refusal) return refusal;
            original!.CancelledQuantity += quantity;
            original.Note = $"cancelled {quantity} at {KoreaTime.Format(now)}";
            var row = new SimulatedOrder
            {
                OrderNo = NextOrderNo(), OriginalOrderNo = original.OrderNo, Kind = ModificationKind.Cancel, Ticker = original.Ticker,
                Side = original.Side, Type = original.Type, Quantity = quantity, Price = original.Price, ReservePrice = 0m,
                AcceptedAt = now, Session = original.Session, AtOpen = false,
            };
            _orders.Add(row);
            _byNo[BrokerOrderNumbers.Normalize(row.OrderNo)] = row;
            return Accepted(row, now);
        }
    }

    private Task<OrderSubmission>? SessionRefusal(DateTimeOffset now)
    {
        var day = KrxCalendar.KstDate(now);
        if (!_calendar.IsTradingDay(day)) return Rejected("NOT_BUSINESS_DAY", $"{day:yyyy-MM-dd} is not a trading day.");
        var time = TimeOnly.FromTimeSpan(now.ToKst().TimeOfDay);
        if (time < _options.AcceptOrdersFrom || now >= KrxCalendar.CloseOn(day))
            return Rejected("MARKET_CLOSED", $"Orders are taken from {_options.AcceptOrdersFrom:HH\\:mm} to 15:30 KST; it is {KoreaTime.Format(now)}.");
        return null;
    }

    /// <summary>Checks the type and price against the session's tick grid and limits, and finds the price a buy reserves.</summary>
    private Task<OrderSubmission>? Price(string ticker, DateOnly session, OrderPriceType type, decimal? price, out decimal reserve)
    {
        reserve = 0m;
        if (type is not (OrderPriceType.Limit or OrderPriceType.Market or OrderPriceType.ConditionalLimit))
            return Rejected("UNSUPPORTED_TYPE", $"The backtest does not model {type} orders (limit, market and conditional limit only).");
        if (_history.PreviousClose(ticker, session) is not { } basePrice)
            return Rejected("NO_BASE_PRICE", $"{ticker} has no closed session before {session:yyyy-MM-dd}: its price limits are unknown.");
        var i = _history.Instrument(ticker);
        var limits = KrxRules.DailyLimits(basePrice, i.Market, i.Kind, session);
        if (type == OrderPriceType.Market)
        {
            reserve = limits.Upper;
            return null;
        }
        // A conditional limit turns into a market order at the close, so a buy of it reserves the upper limit too.
        var conditional = type == OrderPriceType.ConditionalLimit;
        if (price is not { } p || p <= 0) return Rejected("INVALID_PRICE", "A limit order needs a positive price.");
        if (!KrxRules.IsOnTick(p, i.Market, i.Kind, session)) return Rejected("OFF_TICK", $"{Won(p)} is not on the tick grid of {ticker}.");
        if (!limits.Contains(p)) return Rejected("OUTSIDE_LIMITS", $"{Won(p)} is outside today's limits {Won(limits.Lower)}–{Won(limits.Upper)}.");
        reserve = conditional ? limits.Upper : p;
        return null;
    }

    private Task<OrderSubmission>? Modifiable(ModifyRequest request, DateTimeOffset now, out SimulatedOrder? original, out long quantity)
    {
        original = null;
        quantity = 0;
        if (SessionRefusal(now) is { } closed) return closed;
        var no = BrokerOrderNumbers.Normalize(request.Original.OrderNo);
        original = _byNo.GetValueOrDefault(no);
        if (original is null || original.Kind == ModificationKind.Cancel || request.Original.OrgNo.Trim() != _options.BranchNo)
            return Rejected("ORDER_NOT_FOUND", $"No order {request.Original.OrderNo} to modify.");
        if (original.Remaining <= 0 || original.Session != KrxCalendar.KstDate(now))
            return Rejected("NOTHING_TO_MODIFY", $"Order {original.OrderNo} has nothing left to amend or cancel.");
        quantity = request.Quantity ?? original.Remaining;
        if (quantity <= 0 || quantity > original.Remaining)
            return Rejected("INVALID_QUANTITY", $"Order {original.OrderNo} has {original.Remaining} open; {quantity} asked.");
        return null;
    }

    private SimulatedOrder Add(string? originalNo, ModificationKind kind, string ticker, Side side, OrderPriceType type, long quantity,
        decimal price, decimal reserve, DateTimeOffset now, DateOnly session)
    {
        var open = KrxCalendar.OpenOn(session);
        var order = new SimulatedOrder
        {
            OrderNo = NextOrderNo(), OriginalOrderNo = originalNo, Kind = kind, Ticker = ticker, Side = side, Type = type,
            Quantity = quantity, Price = price, ReservePrice = reserve, AcceptedAt = now, Session = session, AtOpen = now <= open,
        };
        _orders.Add(order);
        _byNo[BrokerOrderNumbers.Normalize(order.OrderNo)] = order;
        // At exactly 09:00 the open has been processed already: the order joins the opening price now.
        if (order.AtOpen && now == open && _history.Minutes is null) TryAtOpen(order);
        return order;
    }

    private string NextOrderNo() => (++_orderSequence).ToString("D10", CultureInfo.InvariantCulture);

    private Task<OrderSubmission> Accepted(SimulatedOrder order, DateTimeOffset now) =>
        Task.FromResult(new OrderSubmission(SubmissionStatus.Accepted, new BrokerOrderId(_options.BranchNo, order.OrderNo),
            TimeOnly.FromTimeSpan(now.ToKst().TimeOfDay), "0", "accepted"));

    private static Task<OrderSubmission> Rejected(string code, string message) =>
        Task.FromResult(new OrderSubmission(SubmissionStatus.Rejected, null, null, code, message));

    private static string Won(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
