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
/// pump). A stage's cost is the difference to the cut before it. Each cut is first warmed up on its own, unmeasured,
/// until two runs agree; then the best time and the median bytes of a few runs. Indicative beside the BenchmarkDotNet
/// table, not a replacement for it.</summary>
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
            // Each cut warms up on its own, unmeasured, until two consecutive runs agree (tier-1 code for what this cut
            // adds; the first cut would otherwise carry the process's cold first calls), then the measured runs.
            WarmUp(cut, warm, frames);
            var runs = Enumerable.Range(0, BenchmarkMode.Pick(7, 5)).Select(_ => Measure(cut, warm, frames)).ToArray();
            // Time: the best run (the least disturbed by other load). Bytes: the median run (a transient, such as a
            // background tier-up, does not hide a steady allocation, nor does one run's transient pass for it).
            var best = (Ns: runs.Min(r => r.Ns) / records, Own: Median(runs.Select(r => r.Own)) / records,
                All: Median(runs.Select(r => r.All)) / records);
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

    /// <summary>Runs the cut until two consecutive runs' times agree within 5% (at least 3 runs, at most 12).</summary>
    private static void WarmUp(Cut cut, string[] warm, string[] frames)
    {
        var last = Measure(cut, warm, frames).Ns;
        for (var run = 1; run < 12; run++)
        {
            var ns = Measure(cut, warm, frames).Ns;
            if (run >= 2 && Math.Abs(ns - last) <= 0.05 * Math.Min(ns, last))
                return;
            last = ns;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
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
