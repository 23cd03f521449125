using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Simulator.Accounts;
using KisTrader.Simulator.Market;
using KisTrader.Simulator.Rest;

namespace KisTrader.Simulator;

/// <summary>
/// The simulated exchange and broker: instruments, the Core <see cref="MatchingEngine"/>, market-maker
/// liquidity, accounts and orders. One lock guards all of it (the REST handlers, the market timer
/// and the persistence all go through <see cref="Gate"/>).
/// </summary>
public sealed partial class SimExchange
{
    internal const string MarketMakerAccount = "__mm";
    internal const string FlowAccount = "__flow";

    private readonly SimulatorSettings _settings;
    private readonly MatchingEngine _engine;
    private readonly TradingCosts _costs = new();
    private readonly Dictionary<string, InstrumentState> _instruments = new(StringComparer.Ordinal);
    private readonly List<InstrumentState> _ordered = [];
    private readonly Dictionary<string, SimAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimOrder> _orders = new(StringComparer.Ordinal);
    private readonly List<SimOrder> _orderList = [];
    private readonly List<SimFill> _fills = [];
    private readonly Dictionary<string, List<string>> _makerOrders = new(StringComparer.Ordinal);
    private long _orderSequence;
    private long _syntheticSequence;
    private DateOnly _firstLiveDate;

    internal SimExchange(SimulatorSettings settings, SimClock clock, IRealtimePublisher? publisher = null)
    {
        _settings = settings;
        Clock = clock;
        _engine = new MatchingEngine(clock);
        Publisher = publisher ?? new NullPublisher();
    }

    public Lock Gate { get; } = new();
    public SimClock Clock { get; }
    public SimulatorSettings Settings => _settings;
    internal IRealtimePublisher Publisher { get; set; }
    public TradingCosts Costs => _costs;
    public string OrgNo => _settings.Mode == SimulatorMode.Real ? "06010" : "00950";
    /// <summary>Set when something worth persisting changed since the last save.</summary>
    internal bool Dirty { get; set; }

    public IReadOnlyList<InstrumentState> Instruments => _ordered;

    public InstrumentState? Instrument(string code) => _instruments.GetValueOrDefault(code.Trim());

    /// <summary>Builds the market: history up to the trading date, then today's state (restored when the state is of today).</summary>
    internal void Initialize(StateModel? state)
    {
        var now = Clock.GetUtcNow();
        var tradingDate = CurrentTradingDate(now);
        _firstLiveDate = state?.FirstLiveDate ?? tradingDate;
        var universe = _settings.Universe ?? DefaultUniverse.Create();
        foreach (var def in universe)
        {
            var s = new InstrumentState(def, SeededRandom.For(_settings.Seed, def.Code, 2));
            var generateUntil = _firstLiveDate;
            s.History.AddRange(HistoryGenerator.GenerateDays(def, _settings.Seed, _settings.HistoryDays, generateUntil));
            var saved = state?.Market.FirstOrDefault(m => m.Code == def.Code);
            if (saved is not null)
            {
                // Bars dated today or later would come from a clock that went backwards: they are dropped.
                var closed = saved.LiveBars.Where(b => b.Date >= generateUntil && b.Date < tradingDate).ToList();
                s.LiveBars.AddRange(closed);
                s.History.AddRange(closed);
                if (saved.TradingDate > tradingDate) saved = null;
            }
            _instruments[def.Code] = s;
            _ordered.Add(s);
            _engine.Book(def.Code, def.Market);
            _makerOrders[def.Code] = [];

            if (saved is not null && saved.TradingDate == tradingDate)
            {
                Restore(s, saved);
            }
            else
            {
                if (saved is not null && saved.TradingDate < tradingDate)
                {
                    // The saved day is over: it becomes a bar, and days the simulator missed are filled in.
                    CloseDay(s, FromSnapshot(s, saved));
                    FillGap(s, tradingDate);
                }
                var prev = s.PreviousDay?.Close ?? KrxRules.FloorToTick(def.Price, def.Market, InstrumentKind.Stock, tradingDate);
                s.StartDay(tradingDate, prev);
                s.LogFair = s.LogTarget = Math.Log((double)prev);
                s.Regime = RegimeParameters.Next(s.Rng);
                s.RegimeTicks = s.Rng.Next(600, 3600);
                CatchUp(s, now);
            }
            _engine.OpenDay(def.Code, s.BasePrice, s.TradingDate);
        }

        if (state is not null)
        {
            foreach (var a in state.Accounts) _accounts[a.Key] = a;
            foreach (var o in state.Orders) { _orders[o.Odno] = o; _orderList.Add(o); }
            _fills.AddRange(state.Fills);
            _orderSequence = state.OrderSequence;
            // Day orders of a past day expired; today's open orders go back on the book.
            foreach (var o in _orderList.Where(o => o.Remaining > 0))
            {
                var inst = _instruments.GetValueOrDefault(o.Code);
                if (inst is null || o.Date != inst.TradingDate) { o.CancelledQuantity += o.Remaining; continue; }
                var r = _engine.Book(o.Code).Submit(new ExchangeOrder(o.Odno, o.AccountKey, o.Code, o.Side, ExchangeOrderType.Limit, o.Remaining, o.ReservePrice), now);
                if (!r.Accepted) o.CancelledQuantity += o.Remaining;
                else ApplyFills(inst, r.Fills);
            }
        }
        foreach (var s in _ordered) Requote(s, (decimal)Math.Exp(s.LogFair), now);
    }

    /// <summary>The trading day at <paramref name="now"/>: today when the market may open today, else the last business day.</summary>
    internal DateOnly CurrentTradingDate(DateTimeOffset now)
    {
        var today = TradingCalendar.KstDate(now);
        return _settings.AlwaysOpen || TradingCalendar.IsBusinessDay(today) ? today : TradingCalendar.PreviousBusinessDay(today);
    }

    private static DailyBar FromSnapshot(InstrumentState s, InstrumentSnapshot m) =>
        m.Volume > 0
            ? new DailyBar(m.TradingDate, m.Open, m.High, m.Low, m.Last, m.Volume, m.Amount)
            : new DailyBar(m.TradingDate, m.BasePrice, m.BasePrice, m.BasePrice, m.BasePrice, 1, m.BasePrice);

    private void CloseDay(InstrumentState s, DailyBar bar)
    {
        // A day without trades still gets a bar (volume > 0 by convention of the history).
        if (bar.Volume == 0) bar = bar with { Volume = 1, Amount = bar.Close };
        s.History.Add(bar);
        s.LiveBars.Add(bar);
    }

    private void FillGap(InstrumentState s, DateOnly tradingDate)
    {
        var last = s.History[^1];
        var x = Math.Log((double)last.Close);
        var anchor = Math.Log((double)s.Definition.Price);
        var days = _settings.AlwaysOpen
            ? Enumerable.Range(1, Math.Max(0, tradingDate.DayNumber - last.Date.DayNumber - 1)).Select(i => last.Date.AddDays(i))
            : TradingCalendar.BusinessDays(last.Date.AddDays(1), tradingDate);
        foreach (var day in days)
        {
            var rng = SeededRandom.For(_settings.Seed, s.Code, day.DayNumber);
            var bar = HistoryGenerator.NextDay(s.Definition, day, s.History[^1].Close, ref x, anchor, RegimeParameters.Next(rng), rng);
            s.History.Add(bar);
            s.LiveBars.Add(bar);
        }
    }

    private static void Restore(InstrumentState s, InstrumentSnapshot m)
    {
        s.StartDay(m.TradingDate, m.BasePrice);
        s.Last = m.Last; s.Open = m.Open; s.High = m.High; s.Low = m.Low;
        s.OpenTime = m.OpenTime; s.HighTime = m.HighTime; s.LowTime = m.LowTime;
        s.Volume = m.Volume; s.Amount = m.Amount;
        s.SellCount = m.SellCount; s.BuyCount = m.BuyCount; s.SellVolume = m.SellVolume; s.BuyVolume = m.BuyVolume;
        s.LogFair = m.LogFair; s.LogTarget = m.LogTarget; s.Regime = m.Regime; s.RegimeTicks = Math.Max(1, m.RegimeTicks);
    }

    // ---------------------------------------------------------------- accounts

    /// <summary>The account, opened on first use when the settings allow it; null = invalid account number.</summary>
    public SimAccount? Account(string cano, string productCode, bool open = true)
    {
        cano = cano.Trim(); productCode = productCode.Trim();
        if (cano.Length != 8 || !cano.All(char.IsAsciiDigit) || productCode != "01") return null;
        if (_settings.FixedAccounts is { } fixedAccounts && !fixedAccounts.Contains(cano)) return null;
        var key = cano + productCode;
        if (_accounts.TryGetValue(key, out var a)) return a;
        if (!open) return null;
        a = new SimAccount { Cano = cano, ProductCode = productCode, Cash = _settings.InitialCash, Name = "모의투자" + cano[^4..] };
        _accounts[key] = a;
        Dirty = true;
        return a;
    }

    public IReadOnlyCollection<SimAccount> Accounts => _accounts.Values;
    public IReadOnlyList<SimOrder> Orders => _orderList;
    public IReadOnlyList<SimFill> Fills => _fills;

    public decimal ReservedCash(SimAccount a) =>
        _orderList.Where(o => o.AccountKey == a.Key && o.Side == Side.Buy && o.Remaining > 0)
            .Sum(o => o.Remaining * o.ReservePrice + _costs.Commission(o.Remaining * o.ReservePrice));

    public long ReservedSellQuantity(SimAccount a, string code) =>
        _orderList.Where(o => o.AccountKey == a.Key && o.Side == Side.Sell && o.Code == code && o.Remaining > 0).Sum(o => o.Remaining);

    public decimal AvailableCash(SimAccount a) => a.Cash - ReservedCash(a);

    public long SellableQuantity(SimAccount a, string code) =>
        (a.Holdings.TryGetValue(code, out var h) ? h.Quantity : 0) - ReservedSellQuantity(a, code);

    // ---------------------------------------------------------------- fills

    /// <summary>Books every fill: the tape and day statistics, then both sides' accounts when they are customers.</summary>
    internal List<TradePrint> ApplyFills(InstrumentState s, IReadOnlyList<MatchFill> fills)
    {
        var prints = new List<TradePrint>(fills.Count);
        foreach (var f in fills)
        {
            prints.Add(s.Record(f.Time, f.Price, f.Quantity, f.Aggressor));
            if (_orders.TryGetValue(f.BuyOrderId, out var buy)) ApplyCustomerFill(s, buy, f);
            if (_orders.TryGetValue(f.SellOrderId, out var sell)) ApplyCustomerFill(s, sell, f);
        }
        if (prints.Count > 0) Publisher.Trades(s, prints, this);
        return prints;
    }

    private void ApplyCustomerFill(InstrumentState s, SimOrder o, MatchFill f)
    {
        if (!_accounts.TryGetValue(o.AccountKey, out var a)) return;
        var amount = f.Price * f.Quantity;
        // Costs are charged on the order's cumulative amount, each fill paying the difference, so an order costs the
        // same whether it fills at once or in pieces (rounding per fill would drift by a won per piece).
        var fee = _costs.Commission(o.FilledAmount + amount) - o.Fee;
        var tax = 0m;
        var day = s.TradingDate;
        var ledger = a.Day(day);
        if (!a.Holdings.TryGetValue(o.Code, out var h)) a.Holdings[o.Code] = h = new SimHolding { Code = o.Code, FlowDate = day };
        h.Touch(day);
        if (o.Side == Side.Buy)
        {
            a.Cash -= amount + fee;
            h.Quantity += f.Quantity;
            h.PurchaseAmount += amount;
            h.PurchaseFee += fee;
            h.TodayBuyQuantity += f.Quantity;
            ledger.AddBuy(amount, f.Quantity, fee);
            var stock = ledger.Stock(o.Code);
            stock.AddBuy(amount, f.Quantity, fee);
            stock.HeldAfter = h.Quantity;
        }
        else
        {
            tax = _costs.SellTax(o.FilledAmount + amount, s.Market, day) - o.Tax;
            a.Cash += amount - fee - tax;
            var cost = h.Quantity == 0 ? 0 : Math.Round(h.PurchaseAmount * f.Quantity / h.Quantity, 0);
            var buyFee = h.Quantity == 0 ? 0 : Math.Round(h.PurchaseFee * f.Quantity / h.Quantity, 0);
            h.Quantity -= f.Quantity;
            h.PurchaseAmount = h.Quantity == 0 ? 0 : h.PurchaseAmount - cost;
            h.PurchaseFee = h.Quantity == 0 ? 0 : h.PurchaseFee - buyFee;
            h.TodaySellQuantity += f.Quantity;
            ledger.AddSell(amount, f.Quantity, fee, tax, cost, buyFee);
            var stock = ledger.Stock(o.Code);
            stock.AddSell(amount, f.Quantity, fee, tax, cost, buyFee);
            stock.HeldAfter = h.Quantity;
        }
        o.FilledQuantity += f.Quantity;
        o.FilledAmount += amount;
        o.Fee += fee;
        o.Tax += tax;
        _fills.Add(new SimFill(o.Odno, o.AccountKey, o.Code, o.Side, f.Price, f.Quantity, f.Time, fee, tax));
        Dirty = true;
        Publisher.Notice(Notice(NoticeType.Filled, o, a, f.Quantity, f.Price, f.Time));
    }

    private NoticeEvent Notice(NoticeType type, SimOrder o, SimAccount a, long qty, decimal price, DateTimeOffset time) =>
        new(type, a.Key, a.Name, o.Odno, o.OriginalOdno, o.Side, o.OrderDivision, o.Code,
            _instruments.GetValueOrDefault(o.Code)?.Name ?? "", qty, price, time, o.Quantity, o.Price);
}
