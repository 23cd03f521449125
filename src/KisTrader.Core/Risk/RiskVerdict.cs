namespace KisTrader.Core.Risk;

public enum RiskRejectCode
{
    None,
    TradingHalted,
    ReducingSellsOnly,
    UnknownTicker,
    InvalidQuantity,
    InvalidPrice,
    OffTick,
    OutsideDailyLimits,
    StaleMarketData,
    InsufficientBuyingPower,
    CashReserve,
    InsufficientSellableQuantity,
    TickerWeightExceeded,
    OrderValueExceeded,
    OrdersPerDayExceeded,
    DailyLossLimit,
    WeeklyLossLimit,
    StrategyRule,
    /// <summary>An earlier order's outcome is unknown (or an intent was never confirmed): nothing is sent until reconciliation resolves it.</summary>
    ReconciliationPending,
    /// <summary>A buy that would take the capital invested above <c>Risk:MaxCapitalKrw</c> even at one share.</summary>
    CapitalCapExceeded,
    /// <summary>The market moved beyond <c>Trading:MaxSlippageTicks</c>/<c>MaxSlippagePercent</c> from the plan's limit price
    /// before the send: the order is not sent (see <c>MarketablePricer</c>).</summary>
    PriceMovedBeyondBound,
}

/// <summary>The judgement of one order: approved (possibly for fewer shares) or rejected with a code and a reason
/// a person can read. Stored with the run and shown on the dashboard.</summary>
public sealed record RiskVerdict(RiskRejectCode Code, string Reason, long ApprovedQuantity, bool RequiresApproval = false)
{
    public bool Approved => Code == RiskRejectCode.None;

    public static RiskVerdict Approve(long quantity, string reason = "within limits", bool requiresApproval = false) =>
        new(RiskRejectCode.None, reason, quantity, requiresApproval);

    public static RiskVerdict Reject(RiskRejectCode code, string reason) => new(code, reason, 0);
}
