using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Core.InMemory;

/// <summary>The trading mode in memory: a backtest starts in the initial state and keeps whatever the risk engine sets.</summary>
public sealed class InMemoryTradingModeStore(TradingModeState? initial = null) : ITradingModeStore
{
    private readonly Lock _lock = new();
    private TradingModeState _state = initial ?? TradingModeState.Initial(DateTimeOffset.UnixEpoch);

    public Task<TradingModeState> GetAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_state);
    }

    public Task SetAsync(TradingModeState state, CancellationToken ct = default)
    {
        lock (_lock) _state = state;
        return Task.CompletedTask;
    }
}
