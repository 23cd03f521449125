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
    public string AccountNo { get; init; } = "BACKTEST";
    public string BranchNo { get; init; } = "00000";
}
