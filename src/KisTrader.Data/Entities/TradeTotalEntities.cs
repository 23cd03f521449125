namespace KisTrader.Data.Entities;

/// <summary>The columns <c>trade_day_totals</c>, <c>trade_month_totals</c> and <c>trade_year_totals</c> share: the trades of one period, ticker
/// and side. Not an entity of its own (no table, no discriminator); money in ten-thousandths of a won.</summary>
public abstract class TradeTotalRow
{
    public string Ticker { get; set; } = "";
    public string Action { get; set; } = "";
    public long TradeCount { get; set; }
    public long ValueE4 { get; set; }
    public long Known7 { get; set; }
    public long Pnl7E4 { get; set; }
    public long Known30 { get; set; }
    public long Pnl30E4 { get; set; }
}

/// <summary>Row of <c>trade_day_totals</c>: one KST day (yyyymmdd). Written by the trade store in raw SQL
/// (Stores/Totals); mapped so the migrated schema is checked against the model.</summary>
public sealed class TradeDayTotalEntity : TradeTotalRow
{
    public int Day { get; set; }
}

/// <summary>Row of <c>trade_month_totals</c>: as <see cref="TradeDayTotalEntity"/> for one KST month (yyyymm).</summary>
public sealed class TradeMonthTotalEntity : TradeTotalRow
{
    public int Month { get; set; }
}

/// <summary>Row of <c>trade_year_totals</c>: as <see cref="TradeDayTotalEntity"/> for one KST year (yyyy).</summary>
public sealed class TradeYearTotalEntity : TradeTotalRow
{
    public int Year { get; set; }
}

/// <summary>Row of <c>trade_side_totals</c>: every ticker of one side summed over one KST day (yyyymmdd), month (yyyymm) or
/// year (yyyy), the three levels told apart by the key's digits. The Trades page's totals without a ticker filter read
/// these (two rows a period) instead of a row per ticker (docs/benchmarks.md, trade-store).</summary>
public sealed class TradeSideTotalEntity
{
    public int Period { get; set; }
    public string Action { get; set; } = "";
    public long TradeCount { get; set; }
    public long ValueE4 { get; set; }
    public long Known7 { get; set; }
    public long Pnl7E4 { get; set; }
    public long Known30 { get; set; }
    public long Pnl30E4 { get; set; }
}
