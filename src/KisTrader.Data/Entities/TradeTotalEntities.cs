namespace KisTrader.Data.Entities;

/// <summary>Row of <c>trade_day_totals</c>: the trades of one KST day (yyyymmdd), ticker and side. Written by the trade
/// store in raw SQL (Stores/Totals); mapped so the migrated schema is checked against the model. Money in ten-thousandths.</summary>
public sealed class TradeDayTotalEntity
{
    public int Day { get; set; }
    public string Ticker { get; set; } = "";
    public string Action { get; set; } = "";
    public long TradeCount { get; set; }
    public long ValueE4 { get; set; }
    public long Known7 { get; set; }
    public long Pnl7E4 { get; set; }
    public long Known30 { get; set; }
    public long Pnl30E4 { get; set; }
}

/// <summary>Row of <c>trade_month_totals</c>: as <see cref="TradeDayTotalEntity"/> for one KST month (yyyymm).</summary>
public sealed class TradeMonthTotalEntity
{
    public int Month { get; set; }
    public string Ticker { get; set; } = "";
    public string Action { get; set; } = "";
    public long TradeCount { get; set; }
    public long ValueE4 { get; set; }
    public long Known7 { get; set; }
    public long Pnl7E4 { get; set; }
    public long Known30 { get; set; }
    public long Pnl30E4 { get; set; }
}
