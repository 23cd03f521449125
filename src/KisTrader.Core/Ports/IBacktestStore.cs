using KisTrader.Core.Backtesting;

namespace KisTrader.Core.Ports;

/// <summary>Every backtest run, kept with what it ran on (table <c>backtests</c>): inputs, the code version, the data
/// range and its hash, and the whole report (metrics, benchmarks, orders, fills, daily equity).</summary>
public interface IBacktestStore
{
    /// <summary>Stores <paramref name="backtest"/>; an id already stored is refused (a backtest is never overwritten).</summary>
    Task SaveAsync(StoredBacktest backtest, CancellationToken ct = default);

    /// <summary>The stored backtests' summaries, newest first (then by id).</summary>
    Task<IReadOnlyList<BacktestSummary>> ListAsync(int max = 100, CancellationToken ct = default);

    Task<StoredBacktest?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Deletes the backtest; false when no backtest has that id.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);
}
