using System.Collections.Concurrent;
using System.Diagnostics;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Tests.Execution.Support;

namespace KisTrader.Tests.Execution;

/// <summary>The fill path's timestamps (issue 18 goal 3's breakdown) are written at each step, keyed by the broker's number.</summary>
public sealed class FillPathTraceTests
{
    [Fact]
    public async Task EarlyNotice_IsMarkedKeptThenAppliedAfterTheRestAnswer_InPathOrder()
    {
        // A number no other test uses: the listener is process-wide and tests run in parallel.
        var orderNo = "7" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString("D9");
        using var marks = new MarkCollector(orderNo);
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.Answer = req =>
        {
            var accepted = new OrderSubmission(SubmissionStatus.Accepted, new BrokerOrderId("00950", orderNo), new TimeOnly(10, 0), "APBK0013", "주문 전송 완료");
            var notice = new ExecutionNotice("6000000001", orderNo, null, Side.Buy, ModificationKind.Original, NoticeKind.Fill, false,
                req.Ticker, null, req.Quantity, 20_000m, req.Quantity, 20_000m, new TimeOnly(10, 0), "00950");
            Assert.Null(h.Recorder.ApplyNoticeAsync(notice).GetAwaiter().GetResult());
            return accepted;
        };

        await h.Gateway.SubmitAsync(new("000660", Side.Buy, 7, OrderPriceType.Limit, 20_000m, "t", 0.5m), null, null);

        Assert.Equal(
            [FillPathTrace.Recorder, FillPathTrace.KeptEarly, FillPathTrace.RestAnswered, FillPathTrace.Acknowledged,
             FillPathTrace.Recorder, FillPathTrace.Applied, FillPathTrace.FillsRead, FillPathTrace.FillAdded, FillPathTrace.FillWritten,
             FillPathTrace.Published],
            marks.Stages);
        Assert.True(marks.Times.Zip(marks.Times.Skip(1)).All(p => p.First <= p.Second), "marks are stamped in the order written");
    }

    /// <summary>Collects one order number's marks from the process-wide listener.</summary>
    private sealed class MarkCollector : IDisposable
    {
        private readonly ConcurrentQueue<FillPathMark> _marks = new();
        private readonly List<IDisposable> _subscriptions = [];

        public MarkCollector(string orderNo)
        {
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
            {
                if (listener.Name != FillPathTrace.ListenerName) return;
                lock (_subscriptions)
                    _subscriptions.Add(listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                    {
                        if (e.Value is FillPathMark m && m.BrokerOrderNo == BrokerOrderNumbers.Normalize(orderNo)) _marks.Enqueue(m);
                    })));
            })));
        }

        public IReadOnlyList<string> Stages => [.. _marks.Select(m => m.Stage)];
        public IReadOnlyList<DateTime> Times => [.. _marks.Select(m => m.At)];

        public void Dispose()
        {
            lock (_subscriptions)
                foreach (var s in _subscriptions) s.Dispose();
        }
    }

    private sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnNext(T value) => next(value);
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
