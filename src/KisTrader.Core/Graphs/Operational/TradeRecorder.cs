using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>
/// The trade record as a projection of the ledger: one <c>trades</c> row per executed order, written at its first fill
/// and brought up to date as more fills arrive (quantity = filled quantity, price = average fill price, timestamp = the
/// last fill). The decision's side (justification, market snapshot, rule features, portfolio before) comes from the
/// ledger order's <see cref="LedgerOrder.Context"/>, stored with its intent, never from the run's saved state. Follows
/// <see cref="OrderUpdated"/>; RecordAndReport and start-up's catch-up call it too. Idempotent: the trade id is "t-" +
/// the ledger order id and every input is read from the ledger, so recording twice writes the same row.
/// </summary>
public sealed class TradeRecorder(ITradeStore trades, IOrderLedger ledger, IEventBus bus) : IDisposable
{
    private const string Unknown = "{\"unknown\":true}";
    private readonly Lock _lock = new();
    // RecordAndReport and the OrderUpdated subscription often see the same fill at the same moment: one at a time, the
    // second finds the row already written instead of losing an insert race (which the store survives, but the
    // database logs as an error).
    private readonly SemaphoreSlim _writing = new(1, 1);
    private IDisposable? _subscription;

    public static string TradeIdFor(string orderId) => "t-" + orderId;

    /// <summary>The trade record's ml_model_version column length ("signal vN": a signal is at most 64 characters).</summary>
    public const int MaxMlModelLength = 80;

    /// <summary>Something of it was executed: it has a trade row, which later fills update.</summary>
    public static bool IsRecordable(LedgerOrder order) => order.FilledQuantity > 0 && order.AverageFillPrice is > 0m;

    /// <summary>Starts following <see cref="OrderUpdated"/> events (call once at start-up; Dispose stops it).</summary>
    public void Start()
    {
        lock (_lock)
            _subscription ??= bus.Subscribe<OrderUpdated>(async (e, ct) =>
            {
                if (IsRecordable(e.Order))
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
            if (!_stopped) await RecordCoreAsync(order, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Records (or brings up to date) the trade of <paramref name="order"/> if it has fills (re-read from the
    /// ledger); returns the trade, or null when nothing is executed yet.</summary>
    public async Task<TradeRecord?> RecordAsync(LedgerOrder order, CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            return await RecordCoreAsync(order, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<TradeRecord?> RecordCoreAsync(LedgerOrder order, CancellationToken ct)
    {
        var current = await ledger.GetAsync(order.OrderId, ct) ?? order;
        if (!IsRecordable(current))
            return null;

        var fills = await ledger.FillsAsync(current.OrderId, ct);
        var context = current.Context;
        var trade = new TradeRecord
        {
            TradeId = TradeIdFor(current.OrderId),
            // The last execution: the same whichever path records the trade.
            Timestamp = fills.Count > 0 ? fills.Max(f => f.FilledAt) : current.UpdatedAt,
            OrderedAt = current.CreatedAt,
            Ticker = current.Ticker,
            Action = current.Side == Side.Buy ? TradeAction.Buy : TradeAction.Sell,
            Quantity = current.FilledQuantity,
            Price = decimal.Round(current.AverageFillPrice!.Value, 4),
            JustificationText = string.IsNullOrWhiteSpace(current.Justification) ? $"order {current.OrderId}: no justification recorded" : current.Justification,
            MarketSnapshot = MarketSnapshot(context),
            PortfolioBefore = context?.PortfolioBefore ?? Unknown,
            // Advice kept beside the trade, never a reason to lose it: a value the columns cannot hold (a hand-edited
            // context) is left out rather than failing the insert.
            MlProbability = context?.MlProbability is { } p and >= 0m and <= 1m ? decimal.Round(p, 4) : null,
            MlModelVersion = context?.MlModelVersion is { Length: > 0 and <= MaxMlModelLength } model ? model : null,
        };
        await trades.RecordExecutionAsync(trade, ct);

        if (current.TradeId is null)
        {
            // Only once final, and only while the status is still the one read (compare-and-set): a late fill completing a
            // cancelled order changes it, and that fill records this trade again and links it then.
            var latest = await ledger.GetAsync(current.OrderId, ct);
            if (latest is { TradeId: null, IsFinal: true })
                await ledger.UpdateAsync(latest with { TradeId = trade.TradeId }, latest.Status, ct);
        }
        return trade;
    }

    /// <summary>Records or brings up to date the trade of every order created in [from, to) that has fills (start-up
    /// catch-up: fills that arrived while nothing was listening). Returns the trades written or confirmed.</summary>
    public async Task<IReadOnlyList<TradeRecord>> RecordMissingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var recorded = new List<TradeRecord>();
        foreach (var order in await ledger.ListAsync(from, to, ct))
            if (IsRecordable(order) && await RecordAsync(order, ct) is { } trade)
                recorded.Add(trade);
        return recorded;
    }

    /// <summary>The market at the decision with the rule features the check saw (a shadow replay of a rule reads them
    /// back, <see cref="Rules.RuleFeatures.FromRecordedTrade"/>); unknown for an order stored without a context.</summary>
    private static string MarketSnapshot(OrderContext? context)
    {
        if (context?.MarketSnapshot is not { } market) return Unknown;
        try
        {
            if (JsonNode.Parse(market) is not JsonObject snapshot) return Unknown;
            snapshot[Rules.RuleFeatures.SnapshotProperty] = context.RuleFeatures is { } features ? JsonNode.Parse(features) : null;
            return snapshot.ToJsonString(GraphJson.Options);
        }
        catch (JsonException)
        {
            return Unknown;
        }
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
