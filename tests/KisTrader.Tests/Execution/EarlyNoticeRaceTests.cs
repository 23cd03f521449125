using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.InMemory;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Tests.Execution.Support;

namespace KisTrader.Tests.Execution;

/// <summary>A fill notice that overtakes its order's REST answer is kept and adopted when the gateway records the broker's
/// number, however the two interleave; before, a notice whose lookup ran before the number was written, but whose orphan
/// was stored after the adoption looked, waited for the next poll (a 14 s fill in goal 3's benchmark).</summary>
public sealed class EarlyNoticeRaceTests
{
    [Fact]
    public async Task NoticeLookedUpBeforeTheNumberWasWritten_IsAdopted_WhenTheAdoptionRunsBeforeTheOrphanIsKept()
    {
        var ledger = new HeldLookupLedger(new InMemoryOrderLedger());
        using var bus = new InMemoryEventBus();
        var recorder = new LedgerRecorder(ledger, bus, TimeProvider.System);
        var intent = LedgerOrder.NewIntent("race-1", TimeProvider.System.GetUtcNow(), "000660", Side.Buy, 7, OrderPriceType.Limit, 20_000m, null, "t");
        await recorder.AddAsync(intent);
        var notice = new ExecutionNotice("6000000001", "0000000042", null, Side.Buy, ModificationKind.Original, NoticeKind.Fill, false,
            "000660", null, 7, 20_000m, 7, 20_000m, new TimeOnly(10, 0), "00950");

        // The notice's lookup finds no order with the number yet, and is held there, before it keeps the orphan.
        var noticeTask = recorder.ApplyNoticeAsync(notice);
        await ledger.LookupHeld.WaitAsync(TimeSpan.FromSeconds(30));
        // Meanwhile the gateway records the number and adopts what was kept so far.
        var acked = await recorder.UpdateAsync(intent, o => o.Acknowledged("00950", "0000000042"), OrderEventKind.Acknowledged);
        var adoptTask = recorder.AdoptEarlyNoticesAsync(acked);
        ledger.ReleaseLookup();
        await noticeTask.WaitAsync(TimeSpan.FromSeconds(30));
        await adoptTask.WaitAsync(TimeSpan.FromSeconds(30));

        var order = await ledger.GetAsync("race-1");
        Assert.Equal(7, order!.FilledQuantity);
        Assert.Equal(LedgerOrderStatus.Filled, order.Status);
    }

    /// <summary>Holds the first broker-number lookup that finds nothing until released; everything else passes through.</summary>
    private sealed class HeldLookupLedger(IOrderLedger inner) : DelegatingOrderLedger(inner)
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _holds;

        public Task LookupHeld => _held.Task;

        public void ReleaseLookup() => _release.TrySetResult();

        public override async Task<LedgerOrder?> FindByBrokerOrderNoAsync(string brokerOrderNo, DateOnly orderDate, CancellationToken ct = default)
        {
            var found = await Inner.FindByBrokerOrderNoAsync(brokerOrderNo, orderDate, ct);
            if (found is null && Interlocked.Increment(ref _holds) == 1)
            {
                _held.TrySetResult();
                await _release.Task;
            }
            return found;
        }
    }
}
