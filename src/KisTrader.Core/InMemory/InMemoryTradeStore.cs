using System.Collections.Concurrent;
using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Core.InMemory;

/// <summary>The trade record in memory (a backtest's, and the tests'), validating like the EF store.</summary>
public sealed class InMemoryTradeStore : ITradeStore
{
    private readonly ConcurrentDictionary<string, TradeRecord> _trades = new();
    private readonly Lock _lock = new();

    public IReadOnlyDictionary<string, TradeRecord> Trades => _trades;

    public Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        lock (_lock)
        {
            if (_trades.TryGetValue(trade.TradeId, out var existing))
                return existing == trade ? Task.FromResult(TradeInsertResult.AlreadyRecorded)
                    : throw new TradingSystemException($"A different trade already has the id '{trade.TradeId}'.");
            _trades[trade.TradeId] = trade;
            return Task.FromResult(TradeInsertResult.Inserted);
        }
    }

    public Task<TradeInsertResult> RecordExecutionAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        lock (_lock)
        {
            if (!_trades.TryGetValue(trade.TradeId, out var existing))
            {
                _trades[trade.TradeId] = trade;
                return Task.FromResult(TradeInsertResult.Inserted);
            }
            if (existing.Ticker != trade.Ticker || existing.Action != trade.Action)
                throw new TradingSystemException($"The trade '{trade.TradeId}' is recorded for another ticker or side.");
            var updated = existing with { Timestamp = trade.Timestamp, Quantity = trade.Quantity, Price = trade.Price, OrderedAt = existing.OrderedAt ?? trade.OrderedAt };
            if (updated == existing) return Task.FromResult(TradeInsertResult.AlreadyRecorded);
            _trades[trade.TradeId] = updated;
            return Task.FromResult(TradeInsertResult.Updated);
        }
    }

    public Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default) => Task.FromResult(_trades.GetValueOrDefault(tradeId));

    public Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<TradeRecord>>([.. _trades.Values
            .Where(t => t.Timestamp >= from && t.Timestamp < to)
            .Where(t => filter?.Ticker is null || t.Ticker == filter.Ticker)
            .Where(t => filter?.Action is null || t.Action == filter.Action)
            .OrderBy(t => t.Timestamp).ThenBy(t => t.OrderedAt).ThenBy(t => t.TradeId, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        decimal? Pnl(TradeRecord t) => horizon == PnlHorizon.SevenDays ? t.Pnl7Days : t.Pnl30Days;
        return Task.FromResult<IReadOnlyList<TradeRecord>>([.. _trades.Values
            .Where(t => Pnl(t) is not null && (from is null || t.Timestamp >= from) && (to is null || t.Timestamp < to))
            .OrderBy(t => Pnl(t)).ThenBy(t => t.TradeId, StringComparer.Ordinal).Take(count)]);
    }

    public Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_trades.TryGetValue(tradeId, out var t)) return Task.FromResult(false);
            _trades[tradeId] = horizon == PnlHorizon.SevenDays ? t with { Pnl7Days = pnl } : t with { Pnl30Days = pnl };
            return Task.FromResult(true);
        }
    }

    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(_trades.Count);

    public Task<TradePage> QueryAsync(TradeQuery query, CancellationToken ct = default) => Task.FromResult(TradeQueries.Apply(_trades.Values, query));
}
