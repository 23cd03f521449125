namespace KisTrader.Core.Risk;

/// <summary>The trading state owned by the risk engine. Halted is the kill switch; Reducing allows sells only.
/// (Named TradingMode so that "TradingState" can be the operational graph's state.)</summary>
public enum TradingMode
{
    Active,
    Reducing,
    Halted,
}

/// <summary>The current mode with who set it, when and why. Kept in the database so it survives restarts.</summary>
public sealed record TradingModeState(TradingMode Mode, string Reason, string ChangedBy, DateTimeOffset ChangedAt)
{
    public static TradingModeState Initial(DateTimeOffset at) => new(TradingMode.Active, "initial state", "system", at);
}
