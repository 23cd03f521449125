using System.Text.Json;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Decisions;
using KisTrader.Core.Ports;
using KisTrader.Core.Rules;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>
/// Writes the <c>trades</c> row of an order once it is final with fills: quantity = filled quantity, price = average
/// fill price, the justification, the market snapshot and the portfolio before it (from the run's state). Used by
/// RecordAndReport for orders already done, and on <see cref="OrderUpdated"/> for orders that fill later.
/// Idempotent: the trade id is "t-" + the ledger order id, and every input is read from stored data, so recording
/// twice writes the same row.
/// </summary>
public sealed class TradeRecorder(ITradeStore trades, IOrderLedger ledger, IGraphStore graphs, IEventBus bus) : IDisposable
{
    private readonly Lock _lock = new();
    // RecordAndReport and the OrderUpdated subscription often see the same fill at the same moment: one at a time, the
    // second finds the row already written instead of losing an insert race (which the store survives, but the
    // database logs as an error).
    private readonly SemaphoreSlim _writing = new(1, 1);
    private IDisposable? _subscription;

    public static string TradeIdFor(string orderId) => "t-" + orderId;

    /// <summary>Final (no more fills will come) and something was filled. A partly filled open order waits, so its
    /// row is written once with the whole filled quantity.</summary>
    public static bool IsRecordable(LedgerOrder order) => order.IsFinal && order.FilledQuantity > 0 && order.AverageFillPrice is > 0m;

    /// <summary>Starts following <see cref="OrderUpdated"/> events (call once at start-up; Dispose stops it).</summary>
    public void Start()
    {
        lock (_lock)
            _subscription ??= bus.Subscribe<OrderUpdated>(async (e, ct) =>
            {
                if (IsRecordable(e.Order) && e.Order.TradeId is null)
                    await RecordFromEventAsync(e.Order, ct);
            });
    }

    private bool _stopped;

    /// <summary>Stops following events and waits for a trade being written to be written. The host calls it while
    /// stopping, before the database services are disposed: a handler still running then failed on a disposed
    /// container. What an event would have recorded after this, start-up's catch-up records.</summary>
    public async Task StopAsync()
    {
        Unsubscribe();
        await _writing.WaitAsync();
        _stopped = true;
        _writing.Release();
    }

    private async Task RecordFromEventAsync(LedgerOrder order, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            if (!_stopped) await RecordCoreAsync(order, null, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Records the trade of <paramref name="order"/> if it is final with fills (re-read from the ledger);
    /// returns the trade, or null when there is nothing to record yet.</summary>
    public Task<TradeRecord?> RecordAsync(LedgerOrder order, CancellationToken ct = default) => RecordAsync(order, null, ct);

    /// <summary>As <see cref="RecordAsync(LedgerOrder, CancellationToken)"/>, with the run's state when the caller holds it.</summary>
    public async Task<TradeRecord?> RecordAsync(LedgerOrder order, TradingState? state, CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            return await RecordCoreAsync(order, state, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<TradeRecord?> RecordCoreAsync(LedgerOrder order, TradingState? state, CancellationToken ct)
    {
        var current = await ledger.GetAsync(order.OrderId, ct) ?? order;
        if (!IsRecordable(current))
            return null;
        state ??= await LoadStateAsync(current.RunId, ct);

        var fills = await ledger.FillsAsync(current.OrderId, ct);
        var trade = new TradeRecord
        {
            TradeId = TradeIdFor(current.OrderId),
            // The last execution: the same whichever path records the trade.
            Timestamp = fills.Count > 0 ? fills.Max(f => f.FilledAt) : current.UpdatedAt,
            Ticker = current.Ticker,
            Action = current.Side == Side.Buy ? TradeAction.Buy : TradeAction.Sell,
            Quantity = current.FilledQuantity,
            Price = decimal.Round(current.AverageFillPrice!.Value, 4),
            JustificationText = Justification(current, state),
            MarketSnapshot = MarketSnapshot(current, state),
            PortfolioBefore = state?.Portfolio is { } p ? GraphJson.Serialize(p) : "{\"unknown\":true}",
        };
        await trades.InsertAsync(trade, ct);

        if (current.TradeId is null)
        {
            // Re-read right before writing so a fill recorded meanwhile is not overwritten; a final order gets no more fills.
            var latest = await ledger.GetAsync(current.OrderId, ct);
            if (latest is { TradeId: null, IsFinal: true })
                await ledger.UpdateAsync(latest with { TradeId = trade.TradeId }, ct);
        }
        return trade;
    }

    /// <summary>Records every order created in [from, to) that is done with fills and has no trade yet (start-up
    /// reconciliation: fills that arrived while nothing was listening). Returns the trades written or confirmed.</summary>
    public async Task<IReadOnlyList<TradeRecord>> RecordMissingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var recorded = new List<TradeRecord>();
        foreach (var order in await ledger.ListAsync(from, to, ct))
            if (IsRecordable(order) && order.TradeId is null && await RecordAsync(order, ct) is { } trade)
                recorded.Add(trade);
        return recorded;
    }

    private async Task<TradingState?> LoadStateAsync(string? runId, CancellationToken ct)
    {
        if (runId is null) return null;
        var run = await graphs.GetRunAsync(runId, ct);
        if (run is null || run.Graph != OperationalGraph.Name) return null;
        try
        {
            return GraphJson.Deserialize<TradingState>(run.StateJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Justification(LedgerOrder order, TradingState? state)
    {
        // The ledger's copy first: it is there whichever path records the trade, so the row is always the same.
        if (!string.IsNullOrWhiteSpace(order.Justification)) return order.Justification;
        var planned = PlannedOrderFor(order, state);
        return string.IsNullOrWhiteSpace(planned?.Justification) ? $"order {order.OrderId}: no justification recorded" : planned.Justification;
    }

    private static PlannedOrder? PlannedOrderFor(LedgerOrder order, TradingState? state) =>
        state?.Executions.FirstOrDefault(e => e.OrderId == order.OrderId)?.Order
        ?? state?.Checks.FirstOrDefault(c => c.Order.Ticker == order.Ticker && c.Order.Side == order.Side)?.Order;

    private static string MarketSnapshot(LedgerOrder order, TradingState? state)
    {
        var a = state?.Analysis;
        if (a is null) return "{\"unknown\":true}";
        var ticker = order.Ticker;
        // What the rule check saw at decision time, so a shadow replay of a rule over this trade sees the same. Left
        // out (not guessed) when the run holds no planned order or no portfolio.
        var features = PlannedOrderFor(order, state) is { } planned && state!.Portfolio is { } portfolio
            ? RuleFeatures.ForOrder(planned, a, portfolio, a.TakenAt).ToJson()
            : null;
        return GraphJson.Serialize(new
        {
            takenAt = a.TakenAt,
            feed = a.Feed,
            stale = a.Stale,
            sentimentScore = a.SentimentScore,
            ticker = a.Find(ticker),
            opportunities = a.Opportunities.Where(s => s.Ticker == ticker),
            risks = a.Risks.Where(s => s.Ticker == ticker),
            features,
        });
    }

    public void Dispose() => Unsubscribe();

    private void Unsubscribe()
    {
        lock (_lock)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
    }
}
