namespace KisTrader.Data.Stores.Totals;

/// <summary>The subtotal tables' names and columns, shared by the migration, the writer and the reader.</summary>
internal static class TradeTotalsSql
{
    public const string DayTable = "trade_day_totals";
    public const string MonthTable = "trade_month_totals";
    public const string YearTable = "trade_year_totals";
    public const string DayColumn = "day";
    public const string MonthColumn = "month";
    public const string YearColumn = "year";
    /// <summary>Every ticker of a side together, per day, month and year (<see cref="PeriodColumn"/> holds the day's,
    /// month's or year's key: 8, 6 or 4 digits, so the levels never share a key).</summary>
    public const string SideTable = "trade_side_totals";
    public const string PeriodColumn = "period";

    /// <summary>The amount columns, in <see cref="TradeAmounts"/>' order.</summary>
    public static readonly string[] AmountColumns = ["trade_count", "value_e4", "known_7", "pnl_7_e4", "known_30", "pnl_30_e4"];

    public static string KeyColumn(string table) => table switch
    {
        DayTable => DayColumn,
        MonthTable => MonthColumn,
        YearTable => YearColumn,
        SideTable => PeriodColumn,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a subtotal table."),
    };

    public static long[] Values(TradeAmounts a) => [a.Count, a.Value, a.Known7, a.Pnl7, a.Known30, a.Pnl30];
}
