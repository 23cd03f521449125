using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.ComponentTests;

/// <summary>Trades in memory, answering queries as the database does (TradeQueries); records every query.</summary>
public sealed class FakeTradeStore : ITradeStore
{
    public List<TradeRecord> Trades { get; } = [];
    public List<TradeQuery> Queries { get; } = [];
    public Exception? Fail { get; set; }
    /// <summary>When set, queries wait for it: the page's loading state.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<TradePage> QueryAsync(TradeQuery query, CancellationToken ct = default)
    {
        Queries.Add(query);
        if (Gate is { } g) await g.Task;
        if (Fail is { } e) throw e;
        return TradeQueries.Apply(Trades, query);
    }

    public Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<TradeInsertResult> RecordExecutionAsync(TradeRecord trade, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default) => Task.FromResult(Trades.FirstOrDefault(t => t.TradeId == tradeId));
    public Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<TradeRecord>>([.. TradeQueries.Apply(Trades, new TradeQuery(from, to, filter, 0, int.MaxValue, TradeSort.Timestamp, false)).Items]);
    public Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(Trades.Count);

    public static TradeRecord Trade(string id, DateTimeOffset at, string ticker = "005930", TradeAction action = TradeAction.Buy, long qty = 10,
        decimal price = 70_000m, decimal? pnl7 = null) => new()
    {
        TradeId = id,
        Timestamp = at,
        Ticker = ticker,
        Action = action,
        Quantity = qty,
        Price = price,
        JustificationText = $"because {id}",
        MarketSnapshot = $$"""{"ticker":"{{ticker}}"}""",
        PortfolioBefore = """{"totalEquity":100000000}""",
        Pnl7Days = pnl7,
    };
}
