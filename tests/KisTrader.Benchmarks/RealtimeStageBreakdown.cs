using System.Diagnostics;
using System.Globalization;
using System.Text;
using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Kis.Realtime;
using KisTrader.Kis.Realtime.Parsing;

namespace KisTrader.Benchmarks;

/// <summary>Where a record's time and bytes go on realtime-frames' product path: the same frames through the path cut
/// after each stage (decoder; + cache; + alert windows; + bus), each from a warmed state, timed with a stopwatch and
/// counted with the allocation counters (the feed thread's own, and all threads', which includes the bus subscriber's
/// pump). A stage's cost is the difference to the cut before it. Best of a few runs; indicative beside the
/// BenchmarkDotNet table, not a replacement for it.</summary>
internal static class RealtimeStageBreakdown
{
    private static readonly DateOnly Day = new(2026, 12, 7);
    private static readonly Func<string, FrameCipher?> NoCipher = _ => null;

    private enum Cut { Decoder, Cache, Windows, Bus }

    public static string Table(int instruments, int perFrame)
    {
        var (warm, frames) = RealtimeFrameRuns.WarmAndMeasured(instruments, perFrame, RealtimeFrameBenchmark.Records);
        var records = (double)RealtimeFrameBenchmark.Records;
        var rows = new StringBuilder();
        (double Ns, double Own, double All) previous = default;
        foreach (var cut in Enum.GetValues<Cut>())
        {
            var best = (Ns: double.MaxValue, Own: 0.0, All: 0.0);
            for (var run = 0; run < BenchmarkMode.Pick(5, 3); run++)
            {
                var m = Measure(cut, warm, frames);
                if (m.Ns < best.Ns) best = (m.Ns / records, m.Own / records, m.All / records);
            }
            var name = cut switch
            {
                Cut.Decoder => "decoder (`RealtimeFrameDecoder.Decode`, tick to a counting sink)",
                Cut.Cache => "+ `TickCache.Update`",
                Cut.Windows => "+ `AlertDetector.OnTick` (surge/plunge/volume windows)",
                _ => "+ `InMemoryEventBus.Publish(TickReceived)`, one subscriber",
            };
            var stage = cut == Cut.Decoder ? best : (best.Ns - previous.Ns, best.Own - previous.Own, best.All - previous.All);
            rows.Append(CultureInfo.InvariantCulture,
                $"| {name} | {best.Ns:0} ns | {stage.Item1:0} ns | {best.Own:0.#} B | {stage.Item2:0.#} B | {best.All:0.#} B | {stage.Item3:0.#} B |\n");
            previous = best;
        }
        return rows.ToString().TrimEnd();
    }

    private static (double Ns, double Own, double All) Measure(Cut cut, string[] warm, string[] frames)
    {
        var cache = new TickCache();
        var detector = new AlertDetector(new AlertOptions { IsSessionOpen = _ => true }, TimeProvider.System);
        using var bus = new InMemoryEventBus();
        long delivered = 0;
        using var subscription = bus.Subscribe<TickReceived>((_, _) => { Interlocked.Increment(ref delivered); return ValueTask.CompletedTask; });
        var sink = new StageSink(cut, cache, detector, bus);
        foreach (var frame in warm)
            RealtimeFrameDecoder.Decode(frame, NoCipher, Day, ref sink);
        // Let the subscriber drain the warm-up, so its pump's catching up is not counted.
        var deadline = Stopwatch.StartNew();
        while (cut == Cut.Bus && Interlocked.Read(ref delivered) < sink.Published && deadline.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var own = GC.GetAllocatedBytesForCurrentThread();
        var all = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        foreach (var frame in frames)
            RealtimeFrameDecoder.Decode(frame, NoCipher, Day, ref sink);
        var ns = clock.Elapsed.TotalNanoseconds;
        var ownBytes = GC.GetAllocatedBytesForCurrentThread() - own;
        // The subscriber's pump allocates on its own thread as it catches up: wait for it before reading all threads.
        deadline.Restart();
        while (cut == Cut.Bus && Interlocked.Read(ref delivered) < sink.Published && deadline.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Yield();
        var allBytes = GC.GetTotalAllocatedBytes(precise: true) - all;
        return (ns, ownBytes, allBytes);
    }

    private struct StageSink(Cut cut, TickCache cache, AlertDetector detector, InMemoryEventBus bus) : IFrameEventSink
    {
        public long Published;
        public int Alerts;

        public void OnTick(TickReceived e)
        {
            if (cut == Cut.Decoder)
            {
                Alerts += e.Tick.Ticker.Length;
                return;
            }
            cache.Update(e.Tick);
            if (cut == Cut.Cache) return;
            Alerts += detector.OnTick(e.Tick).Count;
            if (cut == Cut.Windows) return;
            bus.Publish(e);
            Published++;
        }

        public readonly void OnOrderBook(OrderBookReceived e) { }

        public readonly void OnNotice(ExecutionNoticeReceived e) { }
    }
}
