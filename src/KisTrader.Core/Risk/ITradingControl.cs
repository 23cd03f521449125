namespace KisTrader.Core.Risk;

/// <summary>The kill switch and its siblings. Halting stops new orders at once, rejects pending approvals and cancels
/// open orders at the broker; the mode survives restarts; only an admin with a reason may change it.</summary>
public interface ITradingControl
{
    Task<TradingModeState> GetAsync(CancellationToken ct = default);

    Task<TradingModeState> HaltAsync(string by, string reason, CancellationToken ct = default);

    Task<TradingModeState> ReduceAsync(string by, string reason, CancellationToken ct = default);

    Task<TradingModeState> ResumeAsync(string by, string reason, CancellationToken ct = default);
}
