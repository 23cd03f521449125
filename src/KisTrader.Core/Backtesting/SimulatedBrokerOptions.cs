using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>The simulated account and exchange's settings.</summary>
public sealed record SimulatedBrokerOptions
{
    /// <summary>Settled cash at the start.</summary>
    public decimal InitialCash { get; init; } = 10_000_000m;
    public SlippageModel Slippage { get; init; } = SlippageModel.None;
    public TradingCosts Costs { get; init; } = new();
    /// <summary>Regular orders are taken from 08:30 KST (the pre-open auction) until the 15:30 close, on trading days only.</summary>
    public TimeOnly AcceptOrdersFrom { get; init; } = new(8, 30);
    /// <summary>When true a resting limit fills only if the bar trades through it (low below a buy limit, high above a
    /// sell limit); when false touching it is enough.</summary>
    public bool LimitNeedsTradeThrough { get; init; }
    /// <summary>KRX lets the proceeds of a sale buy other stocks before they settle (KIS: ruse_psbl_amt), and so does the
    /// default. False is the conservative reading: only cash that has settled (and stays settled through D+2) buys.</summary>
    public bool ReuseUnsettledSales { get; init; } = true;
    public string AccountNo { get; init; } = "BACKTEST";
    public string BranchNo { get; init; } = "00000";
}
