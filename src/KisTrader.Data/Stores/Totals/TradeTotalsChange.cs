using KisTrader.Data.Entities;

namespace KisTrader.Data.Stores.Totals;

/// <summary>One (day, month or year, ticker or all of them, side) row of the subtotal tables, or a change to it. Money in ten-thousandths.</summary>
internal sealed class TradeAmounts
{
    public long Count;
    public long Value;
    public long Known7;
    public long Pnl7;
    public long Known30;
    public long Pnl30;

    public bool IsZero => Count == 0 && Value == 0 && Known7 == 0 && Pnl7 == 0 && Known30 == 0 && Pnl30 == 0;
}

internal readonly record struct TradeBucketKey(int Bucket, string Ticker, string Action);

/// <summary>What a write does to the subtotal tables: every trade row added, removed or replaced (an execution or P&amp;L
/// update is the old row removed and the new one added), summed per day, month and year key before it is written.</summary>
internal sealed class TradeTotalsChange
{
    public Dictionary<TradeBucketKey, TradeAmounts> Days { get; } = [];
    public Dictionary<TradeBucketKey, TradeAmounts> Months { get; } = [];
    public Dictionary<TradeBucketKey, TradeAmounts> Years { get; } = [];
    /// <summary>The side rows (every ticker together) of the days, months and years, keyed with an empty ticker.</summary>
    public Dictionary<TradeBucketKey, TradeAmounts> Sides { get; } = [];

    public void Add(TradeEntity t) => Apply(t, 1);

    public void Remove(TradeEntity t) => Apply(t, -1);

    private void Apply(TradeEntity t, int sign)
    {
        var day = TradeBuckets.DayKey(t.Timestamp);
        var value = checked(TradeBuckets.ToScaled(t.Price) * t.Quantity);
        var pnl7 = t.Pnl7Days is { } p7 ? TradeBuckets.ToScaled(p7) : 0;
        var pnl30 = t.Pnl30Days is { } p30 ? TradeBuckets.ToScaled(p30) : 0;
        var month = TradeBuckets.MonthKey(day);
        var year = TradeBuckets.YearKey(day);
        foreach (var (map, key, ticker) in new[]
            { (Days, day, t.Ticker), (Months, month, t.Ticker), (Years, year, t.Ticker), (Sides, day, ""), (Sides, month, ""), (Sides, year, "") })
        {
            var k = new TradeBucketKey(key, ticker, t.Action);
            if (!map.TryGetValue(k, out var a)) map[k] = a = new TradeAmounts();
            a.Count += sign;
            checked
            {
                a.Value += sign * value;
                a.Pnl7 += sign * pnl7;
                a.Pnl30 += sign * pnl30;
            }
            if (t.Pnl7Days is not null) a.Known7 += sign;
            if (t.Pnl30Days is not null) a.Known30 += sign;
        }
    }
}
