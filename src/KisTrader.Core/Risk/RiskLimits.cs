namespace KisTrader.Core.Risk;

/// <summary>Limits every order is checked against (bound from the Risk configuration section).</summary>
public sealed record RiskLimits
{
    public decimal MaxTickerWeightPercent { get; init; } = 20m;
    public decimal MaxOrderValueKrw { get; init; } = 10_000_000m;
    public int MaxOrdersPerDay { get; init; } = 20;
    /// <summary>Realised plus unrealised loss today, in % of equity at the day's start, at which buys are refused
    /// and trading moves to Reducing.</summary>
    public decimal DailyLossLimitPercent { get; init; } = 3m;
    /// <summary>The same over the week (Monday start, KST), at which buys are refused and trading is Halted.</summary>
    public decimal WeeklyLossLimitPercent { get; init; } = 7m;
    /// <summary>Cash that buys must leave untouched, in % of equity.</summary>
    public decimal MinCashReservePercent { get; init; } = 10m;
    /// <summary>The most the system may have invested at once, in KRW (holdings at market plus open and planned buys);
    /// null means no cap. For real accounts that hold more than the user wants traded.</summary>
    public decimal? MaxCapitalKrw { get; init; }
}
