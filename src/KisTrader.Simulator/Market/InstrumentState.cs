using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>The live state of one instrument for the current trading day. Guarded by the exchange lock.</summary>
public sealed class InstrumentState
{
    public InstrumentState(SimulatedInstrument definition, Random rng)
    {
        Definition = definition;
        Rng = rng;
    }

    public SimulatedInstrument Definition { get; }
    public string Code => Definition.Code;
    public string Name => Definition.Name;
    public KrxMarket Market => Definition.Market;

    /// <summary>Closed days, oldest first (generated history, then days the simulator traded).</summary>
    public List<DailyBar> History { get; } = [];
    /// <summary>Days the simulator itself traded (persisted), oldest first.</summary>
    public List<DailyBar> LiveBars { get; } = [];

    public DateOnly TradingDate { get; set; }
    public decimal BasePrice { get; set; }
    public PriceLimits Limits { get; set; }
    public decimal Last { get; set; }
    public decimal Open { get; set; }
    public decimal High { get; set; }
    public decimal Low { get; set; }
    public string OpenTime { get; set; } = "000000";
    public string HighTime { get; set; } = "000000";
    public string LowTime { get; set; } = "000000";
    public long Volume { get; set; }
    public decimal Amount { get; set; }
    public long SellCount { get; set; }
    public long BuyCount { get; set; }
    public long SellVolume { get; set; }
    public long BuyVolume { get; set; }
    public bool Traded => Volume > 0;

    // Latent price process (model variables in log space, not prices).
    internal double LogFair { get; set; }
    internal double LogTarget { get; set; }
    internal Regime Regime { get; set; }
    internal int RegimeTicks { get; set; }
    internal Random Rng { get; }

    public List<TradePrint> Recent { get; } = [];
    public SortedDictionary<DateTimeOffset, MinuteBar> Minutes { get; } = [];

    public DailyBar? PreviousDay => History.Count > 0 ? History[^1] : null;

    /// <summary>Today so far as a bar (flat at the base price before the first trade).</summary>
    public DailyBar Today => Traded
        ? new DailyBar(TradingDate, Open, High, Low, Last, Volume, Amount)
        : new DailyBar(TradingDate, BasePrice, BasePrice, BasePrice, BasePrice, 0, 0);

    /// <summary>체결강도: buy volume / sell volume × 100.</summary>
    public decimal Strength => SellVolume == 0 ? (BuyVolume == 0 ? 0m : 500m) : Math.Round(BuyVolume * 100m / SellVolume, 2);

    public decimal TickSize => KrxRules.TickSize(Math.Max(1m, Last), Market, InstrumentKind.Stock, TradingDate);

    public void StartDay(DateOnly date, decimal basePrice)
    {
        TradingDate = date;
        BasePrice = basePrice;
        Limits = KrxRules.DailyLimits(basePrice, Market, InstrumentKind.Stock, date);
        Last = basePrice;
        Open = High = Low = basePrice;
        OpenTime = HighTime = LowTime = "000000";
        Volume = 0; Amount = 0; SellCount = BuyCount = SellVolume = BuyVolume = 0;
        Recent.Clear();
        Minutes.Clear();
    }

    public TradePrint Record(DateTimeOffset time, decimal price, long quantity, Side aggressor)
    {
        var hhmmss = time.ToKst().ToString("HHmmss");
        if (!Traded) { Open = High = Low = price; OpenTime = HighTime = LowTime = hhmmss; }
        if (price > High) { High = price; HighTime = hhmmss; }
        if (price < Low) { Low = price; LowTime = hhmmss; }
        Last = price;
        Volume += quantity;
        Amount += price * quantity;
        if (aggressor == Side.Buy) { BuyCount++; BuyVolume += quantity; } else { SellCount++; SellVolume += quantity; }

        var kst = time.ToKst();
        var minute = new DateTimeOffset(kst.Year, kst.Month, kst.Day, kst.Hour, kst.Minute, 0, KoreaTime.Offset);
        if (!Minutes.TryGetValue(minute, out var bar)) Minutes[minute] = bar = new MinuteBar(minute, price);
        bar.High = Math.Max(bar.High, price);
        bar.Low = Math.Min(bar.Low, price);
        bar.Close = price;
        bar.Volume += quantity;
        bar.AccumulatedAmount = Amount;
        // A day of minutes is plenty; keep memory bounded when always open.
        while (Minutes.Count > 1500) Minutes.Remove(Minutes.First().Key);

        var print = new TradePrint(Code, time, price, quantity, aggressor, Volume, Amount, Strength);
        Recent.Add(print);
        if (Recent.Count > 30) Recent.RemoveAt(0);
        return print;
    }

    /// <summary>
    /// A whole minute of trading the simulator did not see live (the catch-up of <see cref="IntradayBackfill"/>): the day's
    /// statistics and the minute bar in one update. Nothing goes on the tape: those prints were never on the feed.
    /// </summary>
    internal void RecordMinute(DateTimeOffset minute, decimal open, decimal high, decimal low, decimal close, long buyVolume, long sellVolume)
    {
        var hhmmss = minute.ToKst().ToString("HHmmss");
        if (!Traded) { Open = High = Low = open; OpenTime = HighTime = LowTime = hhmmss; }
        if (high > High) { High = high; HighTime = hhmmss; }
        if (low < Low) { Low = low; LowTime = hhmmss; }
        Last = close;
        var volume = buyVolume + sellVolume;
        Volume += volume;
        Amount += Math.Round((open + high + low + close) / 4m * volume, 0);
        if (buyVolume > 0) { BuyCount++; BuyVolume += buyVolume; }
        if (sellVolume > 0) { SellCount++; SellVolume += sellVolume; }
        Minutes[minute] = new MinuteBar(minute, open) { High = high, Low = low, Close = close, Volume = volume, AccumulatedAmount = Amount };
        while (Minutes.Count > 1500) Minutes.Remove(Minutes.First().Key);
    }

    /// <summary>The price change sign: 1 upper limit, 2 up, 3 unchanged, 4 lower limit, 5 down.</summary>
    public string Sign(decimal price) =>
        price >= Limits.Upper ? "1" : price <= Limits.Lower ? "4" : price > BasePrice ? "2" : price < BasePrice ? "5" : "3";

    public decimal ChangeRate(decimal price) => BasePrice == 0 ? 0 : Math.Round((price - BasePrice) * 100m / BasePrice, 2);
}
