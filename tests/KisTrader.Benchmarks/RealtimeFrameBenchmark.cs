using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Kis.Realtime;
using KisTrader.Kis.Realtime.Parsing;

namespace KisTrader.Benchmarks;

/// <summary>realtime-frames: issue 18's goal 1. H0STCNT0 frames as the realtime session receives them (text) through
/// the live path on one thread: <see cref="RealtimeFrameDecoder"/> (frame → <see cref="Tick"/>), <see cref="TickCache"/>,
/// the per-ticker windows of <see cref="AlertDetector"/> (the indicators a tick updates: surge, plunge, volume) and
/// <see cref="InMemoryEventBus.Publish{T}"/> (one subscriber, as the session publishes). Baseline in the same run: a
/// straightforward <c>string.Split</c> parser into the same <see cref="Tick"/> followed by the same cache, windows and
/// bus. Per record: time and bytes allocated (BenchmarkDotNet's memory diagnoser), at 20 and 40 instruments and 1 and
/// 10 records per frame. Goal: at least 1,000,000 records/s and 0 bytes per record in steady state.</summary>
public static class RealtimeFrameBenchmark
{
    /// <summary>Records per measured iteration (quick mode: 40,000); a fresh cache and detector for each.</summary>
    internal static int Records { get; } = BenchmarkMode.Pick(200_000, 40_000);

    /// <summary>Trading seconds replayed into each fresh cache and detector before the measured records: more than the
    /// alert window (5 minutes), so that the windows have reached their size (steady state, as the goal is stated).</summary>
    internal const int WarmSeconds = 360;

    public static Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        var breakdown = RealtimeStageBreakdown.Table(40, 1);
        var job = Job.ShortRun.WithInvocationCount(1).WithUnrollFactor(1)
            .WithWarmupCount(BenchmarkMode.Pick(3, 1)).WithIterationCount(BenchmarkMode.Pick(5, 3));
        return Task.FromResult(InProcessBenchmark.Run<RealtimeFrameRuns, string>("realtime", job, summary => Section(summary, machine, breakdown)));
    }

    private static string Section(Summary summary, string machine, string breakdown)
    {
        BenchmarkDotNet.Reports.BenchmarkReport Of(string method, int instruments, int perFrame) => summary.Reports.First(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (int)r.BenchmarkCase.Parameters["Instruments"] == instruments && (int)r.BenchmarkCase.Parameters["RecordsPerFrame"] == perFrame);
        // One operation is one iteration's Records records.
        double Ns(string method, int i, int f) => Of(method, i, f).ResultStatistics!.Mean / Records;
        double Bytes(string method, int i, int f)
        {
            var r = Of(method, i, f);
            return (r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? double.NaN) / Records;
        }
        var rows = new StringBuilder();
        foreach (var perFrame in RealtimeFrameRuns.FrameSizes)
            foreach (var instruments in RealtimeFrameRuns.InstrumentCounts)
            {
                foreach (var (name, method, against) in new[]
                         {
                             ("product: decoder → cache → alert windows → bus", nameof(RealtimeFrameRuns.ProductPath), nameof(RealtimeFrameRuns.SplitBaseline)),
                             ("`string.Split` parser → cache → alert windows → bus (baseline)", nameof(RealtimeFrameRuns.SplitBaseline), nameof(RealtimeFrameRuns.SplitBaseline)),
                             ("product decoder alone (`RealtimeFrameDecoder.Decode`)", nameof(RealtimeFrameRuns.DecoderOnly), nameof(RealtimeFrameRuns.SplitParseOnly)),
                             ("`string.Split` parser alone (baseline of the line above)", nameof(RealtimeFrameRuns.SplitParseOnly), nameof(RealtimeFrameRuns.SplitParseOnly)),
                         })
                {
                    var baseline = Ns(against, instruments, perFrame);
                    var ns = Ns(method, instruments, perFrame);
                    rows.Append(CultureInfo.InvariantCulture, $"| {name} | {instruments} | {perFrame} | {ns:0} ns | {1e9 / ns:#,0} | {Bytes(method, instruments, perFrame):0.#} B | {baseline / ns:0.00}× |\n");
                }
            }
        // The goal's figure: the product path, 40 instruments, one record per frame (what KIS sends most).
        var goalNs = Ns(nameof(RealtimeFrameRuns.ProductPath), 40, 1);
        var goalBytes = Bytes(nameof(RealtimeFrameRuns.ProductPath), 40, 1);
        var baseNs = Ns(nameof(RealtimeFrameRuns.SplitBaseline), 40, 1);
        BenchmarkReport.Goal(1, BenchmarkReport.Goals[1],
            string.Create(CultureInfo.InvariantCulture, $"{1e9 / goalNs:#,0} records/s, {goalBytes:0.#} B/record (40 instruments, 1 record/frame)"),
            string.Create(CultureInfo.InvariantCulture, $"`string.Split` parser, same path: {1e9 / baseNs:#,0} records/s, {Bytes(nameof(RealtimeFrameRuns.SplitBaseline), 40, 1):0.#} B/record"),
            string.Create(CultureInfo.InvariantCulture, $"{baseNs / goalNs:0.00}× the baseline's rate"),
            met: 1e9 / goalNs >= 1_000_000 && goalBytes == 0);
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## Realtime frames: H0STCNT0 frame → tick → cache → indicators → bus (goal 1)

            Seeded H0STCNT0 frames (46 fields a record, laid out as the simulator sends them; each instrument one trade a
            second), as text, through the live path on one thread: `RealtimeFrameDecoder.Decode` handing each record's
            `TickReceived` to a sink (as the session's receive loop does), `TickCache.Update`,
            `AlertDetector.OnTick` (the per-ticker surge/plunge/volume windows) and `InMemoryEventBus.Publish(TickReceived)`
            to one subscriber. Baseline in the same run: `string.Split` on '|' and '^', `decimal.Parse`/`long.Parse` of
            each field into the same `Tick`, then the same cache, windows and bus. BenchmarkDotNet 0.14 (in process,
            {HistoryLoadRunsInfo.Configuration}, memory diagnoser), {RealtimeFrameBenchmark.Records:#,0} records an iteration
            (a fresh cache and detector each, first fed the {WarmSeconds / 60} minutes of trading before the measured
            records, unmeasured, so that the alert windows are full: steady state), per-record figures. The frame's UTF-8 → string step of the WebSocket loop
            is not included. Goal: ≥ 1,000,000 records/s and 0 B allocated per record. Machine: {machine}.

            | path | instruments | records/frame | per record | records/s | allocated/record | speed vs its baseline |
            |---|---:|---:|---:|---:|---:|---:|
            {rows.ToString().TrimEnd()}

            Where a record's time and bytes go (40 instruments, 1 record/frame, `RealtimeStageBreakdown`): the same
            frames through the product path cut after each stage, from the same warmed state, stopwatch and allocation
            counters (the feed thread's own, and all threads', which adds the subscriber's pump); each cut first runs
            unmeasured until two runs agree (its own warm-up), then the best time and the median bytes of
            {BenchmarkMode.Pick(7, 5)} runs (load average {BenchmarkReport.LoadAverage()} after the run). Cumulative, and each stage's share.

            | cut after | per record | stage | allocated, feed thread | stage | allocated, all threads | stage |
            |---|---:|---:|---:|---:|---:|---:|
            {breakdown}
            """);
    }
}

/// <summary>The three paths realtime-frames compares, each over the same frames.</summary>
public class RealtimeFrameRuns
{
    public static readonly int[] InstrumentCounts = [20, 40];
    public static readonly int[] FrameSizes = [1, 10];
    private static readonly DateOnly Day = new(2026, 12, 7);

    [Params(20, 40)]
    public int Instruments { get; set; }

    [Params(1, 10)]
    public int RecordsPerFrame { get; set; }

    private string[] _warm = [];
    private string[] _frames = [];
    private TickCache _cache = new();
    private AlertDetector _detector = default!;
    private InMemoryEventBus _bus = default!;
    private IDisposable _subscription = default!;
    private long _delivered;
    private long _published;

    [GlobalSetup]
    public void Setup()
    {
        (_warm, _frames) = WarmAndMeasured(Instruments, RecordsPerFrame, RealtimeFrameBenchmark.Records);
        _bus = new InMemoryEventBus();
        _subscription = _bus.Subscribe<TickReceived>((_, _) => { Interlocked.Increment(ref _delivered); return ValueTask.CompletedTask; });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subscription.Dispose();
        _bus.Dispose();
    }

    /// <summary>Each iteration replays the same trading minutes: a fresh cache and detector, so none of its ticks is
    /// older than what they hold (an out-of-order tick would skip the windows' work), first fed the warm-up minutes
    /// (steady state: the windows full), and the subscriber caught up with them.</summary>
    [IterationSetup]
    public void FreshState()
    {
        _cache = new TickCache();
        _detector = new AlertDetector(new AlertOptions { IsSessionOpen = _ => true }, TimeProvider.System);
        var sink = new PathSink(_cache, _detector, _bus);
        foreach (var frame in _warm)
            RealtimeFrameDecoder.Decode(frame, NoCipher, Day, ref sink);
        _published += sink.Published;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Interlocked.Read(ref _delivered) < _published && DateTime.UtcNow < deadline)
            Thread.Yield();
    }

    /// <summary>The warm-up frames (<see cref="RealtimeFrameBenchmark.WarmSeconds"/> of trading) and the
    /// <paramref name="records"/> measured ones that follow them.</summary>
    internal static (string[] Warm, string[] Measured) WarmAndMeasured(int instruments, int perFrame, int records)
    {
        var warmRecords = instruments * RealtimeFrameBenchmark.WarmSeconds;
        var all = Frames(instruments, perFrame, warmRecords + records);
        var warmFrames = warmRecords / perFrame;
        return (all[..warmFrames], all[warmFrames..]);
    }

    /// <summary>As the realtime session decodes: the events handed to a sink, here the cache, the windows and the bus.</summary>
    [Benchmark]
    public int ProductPath()
    {
        var sink = new PathSink(_cache, _detector, _bus);
        foreach (var frame in _frames)
            RealtimeFrameDecoder.Decode(frame, NoCipher, Day, ref sink);
        _published += sink.Published;
        return sink.Alerts;
    }

    private static readonly Func<string, FrameCipher?> NoCipher = _ => null;

    private struct PathSink(TickCache cache, AlertDetector detector, InMemoryEventBus bus) : IFrameEventSink
    {
        public int Alerts;
        public long Published;

        public void OnTick(TickReceived e)
        {
            cache.Update(e.Tick);
            Alerts += detector.OnTick(e.Tick).Count;
            bus.Publish(e);
            Published++;
        }

        public readonly void OnOrderBook(OrderBookReceived e) { }

        public readonly void OnNotice(ExecutionNoticeReceived e) { }
    }

    private struct CountSink : IFrameEventSink
    {
        public int Count;

        public void OnTick(TickReceived e) => Count += e.Tick.Ticker.Length;

        public void OnOrderBook(OrderBookReceived e) => Count++;

        public void OnNotice(ExecutionNoticeReceived e) => Count++;
    }

    [Benchmark(Baseline = true)]
    public int SplitBaseline()
    {
        var n = 0;
        foreach (var frame in _frames)
        {
            var parts = frame.Split('|');
            var fields = parts[3].Split('^');
            var count = int.Parse(parts[2], CultureInfo.InvariantCulture);
            var per = fields.Length / count;
            for (var r = 0; r < count; r++)
            {
                var tick = SplitParse(fields, r * per);
                _cache.Update(tick);
                n += _detector.OnTick(tick).Count;
                _bus.Publish(new TickReceived(tick));
                _published++;
            }
        }
        return n;
    }

    [Benchmark]
    public int SplitParseOnly()
    {
        var n = 0;
        foreach (var frame in _frames)
        {
            var parts = frame.Split('|');
            var fields = parts[3].Split('^');
            var count = int.Parse(parts[2], CultureInfo.InvariantCulture);
            var per = fields.Length / count;
            for (var r = 0; r < count; r++)
                n += SplitParse(fields, r * per).Ticker.Length;
        }
        return n;
    }

    [Benchmark]
    public int DecoderOnly()
    {
        var sink = new CountSink();
        foreach (var frame in _frames)
            RealtimeFrameDecoder.Decode(frame, NoCipher, Day, ref sink);
        return sink.Count;
    }

    /// <summary>The baseline parser: every field a string, parsed with the invariant culture.</summary>
    private static Tick SplitParse(string[] f, int o)
    {
        var inv = CultureInfo.InvariantCulture;
        var date = DateOnly.ParseExact(f[o + 33], "yyyyMMdd", inv);
        var time = TimeOnly.ParseExact(f[o + 1], "HHmmss", inv);
        var sign = f[o + 3];
        decimal Signed(decimal v) => v > 0 && sign is "4" or "5" ? -v : v;
        return new Tick(f[o], new DateTimeOffset(date.ToDateTime(time), KoreaTime.Offset), decimal.Parse(f[o + 2], inv),
            Signed(decimal.Parse(f[o + 4], NumberStyles.Number, inv)), Signed(decimal.Parse(f[o + 5], NumberStyles.Number, inv)),
            decimal.Parse(f[o + 7], inv), decimal.Parse(f[o + 8], inv), decimal.Parse(f[o + 9], inv),
            long.Parse(f[o + 12], inv), long.Parse(f[o + 13], inv), decimal.Parse(f[o + 14], inv),
            decimal.Parse(f[o + 10], inv), decimal.Parse(f[o + 11], inv), decimal.Parse(f[o + 18], NumberStyles.Number, inv),
            f[o + 21] == "1" ? Side.Buy : f[o + 21] == "5" ? Side.Sell : null, f[o + 35] == "Y");
    }

    /// <summary><paramref name="records"/> seeded H0STCNT0 records, each instrument trading once a second from 09:00,
    /// <paramref name="perFrame"/> to a frame.</summary>
    internal static string[] Frames(int instruments, int perFrame, int records)
    {
        var random = new Random(18);
        var prices = Enumerable.Range(0, instruments).Select(i => 10_000m + 1_000m * i).ToArray();
        var bases = prices.ToArray();
        var volumes = new long[instruments];
        var values = new decimal[instruments];
        var frames = new List<string>(records / perFrame + 1);
        var payload = new StringBuilder();
        var inFrame = 0;
        var inv = CultureInfo.InvariantCulture;
        for (var n = 0; n < records; n++)
        {
            var i = n % instruments;
            var time = new TimeOnly(9, 0).Add(TimeSpan.FromSeconds(n / instruments));
            var price = Math.Max(1_000m, KrxRules.FloorToTick(prices[i] * (1m + (decimal)((random.NextDouble() - 0.5) * 0.004)), date: Day));
            prices[i] = price;
            var qty = random.Next(1, 500);
            volumes[i] += qty;
            values[i] += price * qty;
            var change = price - bases[i];
            var f = new string[46];
            f[0] = (100_000 + i * 10).ToString("D6", inv); f[1] = time.ToString("HHmmss", inv); f[2] = price.ToString("0", inv);
            f[3] = change > 0 ? "2" : change < 0 ? "5" : "3"; f[4] = change.ToString("0", inv);
            f[5] = (change * 100m / bases[i]).ToString("0.00", inv); f[6] = (values[i] / volumes[i]).ToString("0.00", inv);
            f[7] = bases[i].ToString("0", inv); f[8] = Math.Max(price, bases[i]).ToString("0", inv); f[9] = Math.Min(price, bases[i]).ToString("0", inv);
            f[10] = KrxRules.CeilingToTick(price + 1, date: Day).ToString("0", inv); f[11] = price.ToString("0", inv);
            f[12] = qty.ToString(inv); f[13] = volumes[i].ToString(inv); f[14] = values[i].ToString("0", inv);
            for (var k = 15; k < 46; k++) f[k] = (k * 7 % 13).ToString(inv);
            f[18] = (random.NextDouble() * 200).ToString("0.00", inv); f[21] = random.Next(2) == 0 ? "1" : "5";
            f[24] = "090000"; f[27] = "090000"; f[30] = "090000"; f[33] = Day.ToString("yyyyMMdd", inv); f[34] = "20"; f[35] = "N"; f[44] = "";
            if (inFrame > 0) payload.Append('^');
            payload.AppendJoin('^', f);
            if (++inFrame == perFrame || n == records - 1)
            {
                frames.Add($"0|{RealtimeTrIds.Trades}|{inFrame:D3}|{payload}");
                payload.Clear();
                inFrame = 0;
            }
        }
        return [.. frames];
    }
}
