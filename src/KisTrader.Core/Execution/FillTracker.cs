using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Execution;

/// <summary>
/// Follows our orders after they are sent: execution notices from the realtime feed as they arrive, and the broker's
/// order list (daily_ccld) every <see cref="FillTrackerOptions.PollInterval"/> while anything is open, so a fill the
/// feed missed is still recorded (once: see <see cref="LedgerRecorder"/>). Cancels unfilled limit orders that went stale
/// while the session is open, and closes orders of an earlier day (day orders: the exchange expired them at its close).
/// Start it once (a singleton); dispose to stop.
/// </summary>
public sealed class FillTracker(
    IEventBus bus,
    LedgerRecorder recorder,
    IAccountReader account,
    OrderGateway gateway,
    TimeProvider time,
    FillTrackerOptions? options = null) : IAsyncDisposable
{
    private static readonly LedgerOrderStatus[] Open = [LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled];
    private readonly FillTrackerOptions _options = options ?? new FillTrackerOptions();
    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _subscription;
    private Task? _loop;

    /// <summary>Raised when handling a notice or a poll fails (the tracker keeps running); the host logs it.</summary>
    public event Action<Exception>? Faulted;

    public void Start()
    {
        if (_subscription is not null) return;
        _subscription = bus.Subscribe<ExecutionNoticeReceived>(async (e, ct) =>
        {
            try
            {
                await recorder.ApplyNoticeAsync(e.Notice, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Faulted?.Invoke(ex);
            }
        });
        _loop = PollLoopAsync(_stop.Token);
    }

    /// <summary>One polling pass: fills and final states from the broker's list, then stale-order cancels.
    /// Returns how many open orders it looked at.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct = default)
    {
        var open = await recorder.Ledger.ListByStatusAsync(Open, ct);
        if (open.Count == 0) return 0;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        var from = DateOnly.FromDateTime(open.Min(o => o.CreatedAt).ToKst().DateTime);
        var broker = await account.GetOrdersAsync(from > today ? today : from, today, ct);
        foreach (var order in open)
        {
            var row = broker.FirstOrDefault(b => BrokerOrderNumbers.Same(b.OrderNo, order.BrokerOrderNo));
            var current = row is null ? order : await recorder.ApplyBrokerOrderAsync(order, row, ct);
            var placedOn = DateOnly.FromDateTime(current.CreatedAt.ToKst().DateTime);
            if (current.IsOpen && placedOn < today)
            {
                // A day order: the exchange dropped its rest at that day's close, without a notice and without a cancel
                // in its order list. Cancelling it now is refused (장종료 / 영업일이 아닙니다 / nothing left to cancel) at
                // every poll, forever; it is over, with what it filled.
                await recorder.UpdateAsync(current, o => o.Cancelled($"expired at the close of {placedOn:yyyy-MM-dd} with {o.FilledQuantity} of {o.Quantity} filled"),
                    OrderEventKind.Cancel, ct);
                continue;
            }
            if (_options.CancelStaleAfter is { } staleAfter && current.IsOpen && current.Type == OrderPriceType.Limit && now - current.CreatedAt >= staleAfter
                && (_options.IsSessionOpen?.Invoke(now) ?? true))
                await gateway.CancelAsync(current.OrderId, $"unfilled after {staleAfter.TotalMinutes:0} min", ct);
        }
        return open.Count;
    }

    private async Task PollLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, time, ct);
                await PollOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Faulted?.Invoke(ex);
            }
        }
    }

    private int _stopped;

    /// <summary>Stops following notices and polling, and waits for the poll loop to end. The host calls it while
    /// stopping, before the database services are disposed; a notice missed after it is found by the next start's poll.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _subscription?.Dispose();
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
