using KisTrader.Core.Risk;

namespace KisTrader.Core.Ports;

/// <summary>Where the trading mode (Active, Reducing, Halted) is kept across restarts, with its history.</summary>
public interface ITradingModeStore
{
    Task<TradingModeState> GetAsync(CancellationToken ct = default);

    Task SetAsync(TradingModeState state, CancellationToken ct = default);
}
