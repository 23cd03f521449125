using KisTrader.Core.Risk;

namespace KisTrader.ComponentTests;

/// <summary>The trading mode, recording every change asked for.</summary>
public sealed class FakeTradingControl(TimeProvider time) : ITradingControl
{
    public TradingModeState State { get; set; } = TradingModeState.Initial(time.GetUtcNow());
    public List<(TradingMode Mode, string By, string Reason)> Changes { get; } = [];
    public Exception? Fail { get; set; }

    public Task<TradingModeState> GetAsync(CancellationToken ct = default) => Task.FromResult(State);
    public Task<TradingModeState> HaltAsync(string by, string reason, CancellationToken ct = default) => Change(TradingMode.Halted, by, reason);
    public Task<TradingModeState> ReduceAsync(string by, string reason, CancellationToken ct = default) => Change(TradingMode.Reducing, by, reason);
    public Task<TradingModeState> ResumeAsync(string by, string reason, CancellationToken ct = default) => Change(TradingMode.Active, by, reason);

    private Task<TradingModeState> Change(TradingMode mode, string by, string reason)
    {
        if (Fail is { } e) return Task.FromException<TradingModeState>(e);
        Changes.Add((mode, by, reason));
        State = new TradingModeState(mode, reason, by, time.GetUtcNow());
        return Task.FromResult(State);
    }
}
