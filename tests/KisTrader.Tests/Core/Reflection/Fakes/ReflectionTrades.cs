using System.Collections.Concurrent;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Rules;
using KisTrader.Core.Trades;

namespace KisTrader.Tests.Core.Reflection.Fakes;

/// <summary>Trade records for reflection tests: KST times, features in the snapshot like TradeRecorder writes them.</summary>
internal static class ReflectionTrades
{
    public static DateTimeOffset Kst(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(year, month, day, hour, minute, 0, KoreaTime.Offset);

    public static TradeRecord Trade(string id, TradeAction action, string ticker, long qty, decimal price, DateTimeOffset at,
        string? features = null, decimal? pnl7 = null, decimal? pnl30 = null) => new()
    {
        TradeId = id,
        Timestamp = at,
        Ticker = ticker,
        Action = action,
        Quantity = qty,
        Price = price,
        JustificationText = $"{action.ToText()} {ticker}: test reason {id}",
        MarketSnapshot = features is null ? "{\"unknown\":true}" : $"{{\"{RuleFeatures.SnapshotProperty}\":{features}}}",
        PortfolioBefore = "{}",
        Pnl7Days = pnl7,
        Pnl30Days = pnl30,
    };

    public static TradeRecord Buy(string id, string ticker, long qty, decimal price, DateTimeOffset at, string? features = null, decimal? pnl7 = null) =>
        Trade(id, TradeAction.Buy, ticker, qty, price, at, features, pnl7);

    public static TradeRecord Sell(string id, string ticker, long qty, decimal price, DateTimeOffset at, string? features = null, decimal? pnl7 = null) =>
        Trade(id, TradeAction.Sell, ticker, qty, price, at, features, pnl7);
}

/// <summary>A complete in-memory trade store (the Graphs fake throws on queries).</summary>
internal sealed class MemoryTradeStore : ITradeStore
{
    public readonly ConcurrentDictionary<string, TradeRecord> Trades = new();
    public readonly ConcurrentQueue<(string Id, PnlHorizon Horizon, decimal Pnl)> PnlUpdates = new();
    public Exception? FailReads { get; set; }

    public MemoryTradeStore(params IEnumerable<TradeRecord> trades)
    {
        foreach (var t in trades) Trades[t.TradeId] = t;
    }

    public Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        return Task.FromResult(Trades.TryAdd(trade.TradeId, trade) ? TradeInsertResult.Inserted : TradeInsertResult.AlreadyRecorded);
    }

    public Task<TradeInsertResult> RecordExecutionAsync(TradeRecord trade, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default) => Task.FromResult(Trades.GetValueOrDefault(tradeId));

    public Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default) =>
        FailReads is { } e ? Task.FromException<IReadOnlyList<TradeRecord>>(e) : Task.FromResult<IReadOnlyList<TradeRecord>>([.. Trades.Values
            .Where(t => t.Timestamp >= from && t.Timestamp < to)
            .Where(t => filter?.Ticker is null || t.Ticker == filter.Ticker)
            .Where(t => filter?.Action is null || t.Action == filter.Action)
            .OrderBy(t => t.Timestamp)]);

    public Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default)
    {
        if (!Trades.TryGetValue(tradeId, out var t)) return Task.FromResult(false);
        Trades[tradeId] = horizon == PnlHorizon.SevenDays ? t with { Pnl7Days = pnl } : t with { Pnl30Days = pnl };
        PnlUpdates.Enqueue((tradeId, horizon, pnl));
        return Task.FromResult(true);
    }

    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(Trades.Count);
    public Task<TradePage> QueryAsync(TradeQuery query, CancellationToken ct = default) => Task.FromResult(TradeQueries.Apply(Trades.Values, query));
}
