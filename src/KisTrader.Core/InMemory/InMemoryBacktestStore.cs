using KisTrader.Core.Backtesting;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>Backtests in memory (the tests', and a web page's before a database is configured). Reports are kept as
/// their JSON, like the EF store, so what comes back is what a database would give.</summary>
public sealed class InMemoryBacktestStore : IBacktestStore
{
    private readonly Dictionary<string, (StoredBacktest Meta, string Json)> _items = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task SaveAsync(StoredBacktest backtest, CancellationToken ct = default)
    {
        if (backtest.Problem() is { } problem) throw new ArgumentException(problem, nameof(backtest));
        var json = BacktestJson.Serialize(backtest.Report);
        lock (_lock)
        {
            if (!_items.TryAdd(backtest.Id, (backtest with { CreatedAt = Millis(backtest.CreatedAt) }, json)))
                throw new InvalidOperationException($"A backtest with the id '{backtest.Id}' is already stored.");
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BacktestSummary>> ListAsync(int max = 100, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<BacktestSummary>>([.. _items.Values.Select(i => i.Meta.Summary())
                .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Take(max)]);
    }

    public Task<StoredBacktest?> GetAsync(string id, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult(_items.TryGetValue(id, out var i) ? i.Meta with { Report = BacktestJson.Deserialize(i.Json) } : null);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_items.Remove(id));
    }

    // The EF store keeps milliseconds since the epoch.
    private static DateTimeOffset Millis(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());
}
