namespace KisTrader.Core.Risk;

/// <summary>Equity now against its day and week marks (realised plus unrealised: equity is cash plus holdings at market),
/// in % and whether each loss limit is breached. The one computation both the risk engine and the loss-limit guard use.</summary>
public sealed record LossLimitStatus(decimal? DailyPercent, decimal? WeeklyPercent, bool DailyBreached, bool WeeklyBreached)
{
    /// <summary>A loss at exactly the limit counts as breached (−3.00% with a 3% limit).</summary>
    public static LossLimitStatus Of(RiskLimits limits, decimal equity, decimal equityAtDayStart, decimal equityAtWeekStart)
    {
        var daily = Percent(equity, equityAtDayStart);
        var weekly = Percent(equity, equityAtWeekStart);
        return new LossLimitStatus(daily, weekly,
            daily is { } d && d <= -limits.DailyLossLimitPercent,
            weekly is { } w && w <= -limits.WeeklyLossLimitPercent);
    }

    private static decimal? Percent(decimal now, decimal start) => start > 0 ? (now - start) / start * 100m : null;
}
