using System.Diagnostics;
using System.Globalization;
using System.Text;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Testing.Soak;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;

namespace KisTrader.Benchmarks;

/// <summary>soak (issue 18, goal 7): the managed heap over a simulated trading week. The app composed in this process
/// (<see cref="ComposedApp"/>: web server, built-in simulator, realtime session, Hangfire on its embedded SQLite storage,
/// the production schedule) on the soak test's two-rate accelerated clock (<see cref="SoakSettings"/>) from a Wednesday 08:30 KST over
/// five trading sessions with the KRX hours, the rules engine set to trade a lot (as the soak test in
/// tests/KisTrader.Tests/Reliability/SoakTests does). At 17:00 KST of each trading day: a forced, compacting full GC and
/// the managed heap. Growth is from session 1 to the last. Baseline: the same app over the same simulated time with the
/// schedule off (idle: feed, simulator and web server running, no runs). Scaling: the growth over the first half of the
/// week against the whole (twice the sessions).</summary>
public static class SoakBenchmark
{
    private static readonly DateTimeOffset ClockStart = SoakSettings.ClockStart;
    private static readonly TimeSpan SampleAtKst = new(17, 0, 0);
    private const int Sessions = 5;

    /// <param name="SampledAt">When the heap was read (KST): the first moment after 17:00 with no job running or queued
    /// and no run in progress (<see cref="QuietAsync"/>), else the deadline (<paramref name="Quiet"/> false).</param>
    private sealed record Sample(DateOnly Date, long HeapBytes, long WorkingSetBytes, int Runs, int Orders, double WallSeconds, DateTimeOffset SampledAt, bool Quiet);

    public static async Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        // The soak test's two-rate clock (SoakSettings). Quick: three sessions, not five.
        var rates = $"{SoakSettings.SessionAcceleration}× in sessions, {SoakSettings.Acceleration}× outside them";
        var sessions = BenchmarkMode.Pick(full: Sessions, quick: 3);
        var only = Environment.GetEnvironmentVariable("SOAK_ONLY");
        Console.WriteLine($"soak: idle app over {sessions} sessions, {rates}");
        var idle = only == "trading" ? null : await WeekAsync(sessions, trading: false);
        Console.WriteLine($"soak: trading app over {sessions} sessions, {rates}");
        var trading = only == "idle" ? null : await WeekAsync(sessions, trading: true);
        return Section(machine, rates, trading ?? idle!, idle ?? trading!);
    }

    private static async Task<List<Sample>> WeekAsync(int sessions, bool trading)
    {
        var wall = Stopwatch.StartNew();
        var settings = SoakSettings.Week(schedule: trading);
        await using var app = await ComposedApp.StartAsync(settings);
        var clock = app.Get<TimeProvider>();
        if (clock is not AcceleratedClock) throw new InvalidOperationException("The app's clock is not accelerated.");
        var graphs = app.Get<IGraphStore>();
        var ledger = app.Get<IOrderLedger>();
        var calendar = new KrxCalendar();
        var samples = new List<Sample>();
        HeapTypes.Snapshot? firstTypes = null;
        var jobs = app.Get<JobGuard>();
        for (var date = DateOnly.FromDateTime(ClockStart.DateTime); samples.Count < sessions; date = date.AddDays(1))
        {
            if (!calendar.IsTradingDay(date)) continue;
            var at = new DateTimeOffset(date.ToDateTime(TimeOnly.FromTimeSpan(SampleAtKst)), KoreaTime.Offset);
            var deadline = DateTime.UtcNow + SoakSettings.WallLimit(clock.GetUtcNow(), at);
            while (clock.GetUtcNow() < at)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the simulated clock did not reach {at:O}");
                await Task.Delay(100);
            }
            // The retained heap, not the day's work in flight: on a loaded machine the day's last runs (queued behind slow
            // ones) and the after-close jobs (history collection, drift check, backup) were still going at 17:00, holding
            // their working sets, a different amount each day. Wait for quiet, at most until an hour before the next open.
            var next = date.AddDays(1);
            while (!calendar.IsTradingDay(next)) next = next.AddDays(1);
            var quietBy = KrxCalendar.OpenOn(next).AddHours(-1);
            var busy = await QuietAsync(jobs, graphs, clock, quietBy);
            var quiet = busy is null;
            var sampledAt = clock.GetUtcNow().ToOffset(KoreaTime.Offset);
            var (runs, orders) = await CountAsync(graphs, ledger, date, at);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var self = Process.GetCurrentProcess();
            samples.Add(new Sample(date, GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64, runs, orders, wall.Elapsed.TotalSeconds, sampledAt, quiet));
            if (HeapTypes.Requested && (samples.Count == 1 || samples.Count == sessions))
            {
                var types = HeapTypes.Take();
                if (firstTypes is null) firstTypes = types;
                else foreach (var line in HeapTypes.Growth(firstTypes, types, 25)) Console.WriteLine($"soak ({(trading ? "trading" : "idle")}) grew: {line}");
            }
            Console.WriteLine($"soak ({(trading ? "trading" : "idle")}): end of {date:yyyy-MM-dd ddd}: heap {samples[^1].HeapBytes / 1048576.0:0.0} MB, " +
                              $"{runs} runs, {orders} orders, sampled {sampledAt:ddd HH:mm} KST{(quiet ? "" : $" (busy: {busy})")}, wall {samples[^1].WallSeconds:0} s");
        }
        return samples;
    }

    /// <summary>The day's runs and orders, in a method of its own so that the lists read are garbage before the heap is
    /// read (a loop's async state machine may keep an awaited result; the lists grow with the week).</summary>
    private static async Task<(int Runs, int Orders)> CountAsync(IGraphStore graphs, IOrderLedger ledger, DateOnly date, DateTimeOffset at)
    {
        var dayStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
        var runs = (await graphs.ListRunsAsync(OperationalGraph.Name, 100_000)).Count(r => r.StartedAt >= dayStart && r.StartedAt < at);
        return (runs, (await ledger.ListAsync(dayStart, at)).Count);
    }

    /// <summary>Waits until no Hangfire job is being performed in this process (<see cref="JobGuard.Running"/>) and no
    /// graph run is in progress, two readings in a row 200 ms apart (a job that ends may let a queued one start); null
    /// then, else what was busy when <paramref name="quietBy"/> (calendar) came first. Not Hangfire's monitoring API:
    /// polled like this from another thread, its SQLite storage reported "database disk image is malformed" (2026-12-07).</summary>
    private static async Task<string?> QuietAsync(JobGuard jobs, IGraphStore graphs, TimeProvider clock, DateTimeOffset quietBy)
    {
        var quietReadings = 0;
        var busy = "";
        while (clock.GetUtcNow() < quietBy)
        {
            var running = (await graphs.ListRunsAsync(OperationalGraph.Name, 20)).Where(r => r.Status == RunStatus.Running)
                .Select(r => $"run {r.Trigger} from {r.StartedAt.ToOffset(KoreaTime.Offset):HH:mm}");
            busy = string.Join(", ", jobs.Running.Concat(running));
            quietReadings = busy.Length > 0 ? 0 : quietReadings + 1;
            if (quietReadings == 2) return null;
            await Task.Delay(200);
        }
        return busy;
    }

    private static string At(Sample s) => s.SampledAt.ToString(s.SampledAt.Date == s.Date.ToDateTime(TimeOnly.MinValue) ? "HH:mm" : "ddd HH:mm", CultureInfo.InvariantCulture) + (s.Quiet ? "" : " busy");

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static double Growth(List<Sample> s, int to) => (double)(s[to].HeapBytes - s[0].HeapBytes) / s[0].HeapBytes;

    private static string Section(string machine, string rates, List<Sample> trading, List<Sample> idle)
    {
        var growth = Growth(trading, trading.Count - 1);
        var idleGrowth = Growth(idle, idle.Count - 1);
        BenchmarkReport.Goal(7, FormattableString.Invariant($"soak: heap growth over {trading.Count} simulated sessions (< 10%)"),
            FormattableString.Invariant($"{growth:+0.0%;-0.0%}"), FormattableString.Invariant($"idle app {idleGrowth:+0.0%;-0.0%}"),
            Ratio(trading, idle), growth < 0.10);
        var half = (trading.Count - 1) / 2;
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"""
            ## Soak (goal 7): managed heap over a simulated trading week

            The app composed in process (`KisTraderHost`: web server, built-in simulator, realtime session, Hangfire on its
            embedded SQLite storage, the production schedule every 10 minutes 09:05–15:15) on an accelerated clock
            ({rates}) from Wednesday {ClockStart:yyyy-MM-dd} 08:30 KST over
            {trading.Count} trading sessions, the rules engine set to trade a lot. From 17:00 KST of each session, once no Hangfire job
            runs and no run is in progress (at most until an hour before the next open; "busy" below when that came
            first): a forced compacting full GC, then the managed heap (`GC.GetTotalMemory`). Baseline: the same app over the same simulated week with the
            schedule off (idle), measured first in the same process. Mode: {BenchmarkMode.Name}. Machine: {machine}.

            | measure | goal | trading app | idle app (baseline) | ratio |
            |---|---|---:|---:|---:|
            | heap growth, session 1 → {trading.Count} | < 10% | {growth:+0.0%;-0.0%} ({Mb(trading[^1].HeapBytes - trading[0].HeapBytes):+0.0;-0.0} MB) | {idleGrowth:+0.0%;-0.0%} ({Mb(idle[^1].HeapBytes - idle[0].HeapBytes):+0.0;-0.0} MB) | {Ratio(trading, idle)} |
            | heap after session 1 | | {Mb(trading[0].HeapBytes):0.0} MB | {Mb(idle[0].HeapBytes):0.0} MB | {(double)trading[0].HeapBytes / idle[0].HeapBytes:0.00}× |

            Scaling (twice the sessions): growth over sessions 1 → {half + 1} {Growth(trading, half):+0.0%;-0.0%}
            ({Mb(trading[half].HeapBytes - trading[0].HeapBytes):+0.0;-0.0} MB), over 1 → {trading.Count} {growth:+0.0%;-0.0%}
            ({Mb(trading[^1].HeapBytes - trading[0].HeapBytes):+0.0;-0.0} MB).

            | session | trading: heap | runs | orders | sampled (KST) | working set | idle: heap | sampled (KST) | working set |
            |---|---:|---:|---:|---|---:|---:|---|---:|
            """);
        for (var i = 0; i < trading.Count; i++)
            s.AppendLine(CultureInfo.InvariantCulture,
                $"| {trading[i].Date:yyyy-MM-dd ddd} | {Mb(trading[i].HeapBytes):0.0} MB | {trading[i].Runs} | {trading[i].Orders} | {At(trading[i])} | {Mb(trading[i].WorkingSetBytes):0} MB | {Mb(idle[i].HeapBytes):0.0} MB | {At(idle[i])} | {Mb(idle[i].WorkingSetBytes):0} MB |");
        return s.ToString();
    }

    /// <summary>The trading app's growth in bytes over the idle app's (no ratio when the idle one did not grow).</summary>
    private static string Ratio(List<Sample> trading, List<Sample> idle)
    {
        var t = trading[^1].HeapBytes - trading[0].HeapBytes;
        var i = idle[^1].HeapBytes - idle[0].HeapBytes;
        return i > 0 ? string.Create(CultureInfo.InvariantCulture, $"{(double)t / i:0.0}× (bytes grown)") : "n/a (idle did not grow)";
    }
}
