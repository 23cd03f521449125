using System.Diagnostics;
using System.Net;
using System.Text.Json;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Testing.Soak;
using KisTrader.Tests.Reliability.Support;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting;
using Xunit.Abstractions;

namespace KisTrader.Tests.Reliability;

/// <summary>
/// Soak (issue 6): five trading days of the whole app, run continuously in a few minutes.
/// <para>
/// <b>Design.</b> The real app, composed in-process by <see cref="KisTraderHost.BuildAsync"/> (<see cref="TradingApp"/>:
/// the web server, the built-in simulator, the realtime session, Hangfire with its embedded SQLite storage (the default, in
/// its own file), the trade recorder, the
/// dashboard's SignalR hub), runs on one accelerated clock: <c>Simulator:SessionAcceleration</c> = 900 in KRX sessions (a
/// session in 26 wall seconds) and <c>Simulator:TimeAcceleration</c> = 7200 outside them (a night in about 9), starting at
/// <c>Simulator:ClockStart</c> = Wednesday 2026-03-04 08:30 KST once the app is up, with the KRX session
/// (<c>Simulator:AlwaysOpen</c> = false). A run's work is wall time: at one rate of 3600× a run of a few wall seconds on
/// a busy machine cost hours of the session, and on a loaded CI machine a day's orders reached the exchange after the
/// close (rejected, no fill that day); the slower session keeps a run a few simulated minutes. The app and its simulator share that clock (<see cref="AcceleratedClock"/>), so
/// the production schedule itself (the default cron, every 10 minutes 09:05–15:15 on weekdays), the daily summary at
/// 15:40, the P&amp;L follow-up at 15:50, the weekly reflection on Sunday 20:00, the risk engine's trading day (daily
/// order count, loss limits), token lifetimes and the simulator's sessions and day changes all pass as they would over
/// Wed, Thu, Fri, a weekend, Mon and Tue — about 153 simulated hours in about 190 wall seconds. Nothing is driven by the
/// test: it only watches. Durations that are wall time stay wall time (request time-outs, throttling, reconnects and
/// the simulator's market ticks, which keep their host-time step, so the market moves per wall second as it always
/// does; only the calendar is fast). A run takes a few tenths of a wall second, i.e. a few simulated minutes, so some of
/// the 38 ten-minute fires a day find a run in progress and are skipped (as in production), and the first session also
/// pays for the JIT.
/// </para>
/// <para>
/// The configuration (<see cref="SoakSettings"/>, shared with the soak benchmark): the rules engine is set to trade a lot (every watched ticker qualifies for a buy, positions are sold at ±0.2%),
/// approval Off, and <c>Risk:MaxOrdersPerDay</c> = 40 so that the daily order cap is reached every day and must reset
/// at the day change for the next day to trade. A SignalR client signed in as the admin watches the watchlist on
/// <c>/hubs/market</c> the whole time (the dashboard's live push).
/// </para>
/// <para>
/// <b>Checks.</b> At least five trading dates with scheduled runs and fills; the managed heap after a forced full GC,
/// sampled at 17:00 KST of each trading day, grows by less than <see cref="HeapGrowthFloorBytes"/> (or 25%) summed over the consecutive trading days of a week from day 2
/// on (Thu→Fri, Mon→Tue: the leak rate of a trading day; day 1 warms caches, JIT and the connection pools), and the step
/// over the weekend (the weekly jobs) stays under <see cref="WeekendStepBoundBytes"/>; no errors-*.log entry and no Error/Fatal line in the
/// main log over the whole run; at the end /healthz and a signed-in page answer, no run is left Running and no ledger
/// order Intent or Unknown. The numbers go to the test output and to artifacts/reliability/soak.json. No timing
/// assertions (timing belongs in the benchmarks).
/// </para>
/// <para>
/// Long mode: <c>KISTRADER_SOAK_DAYS=20</c> runs twenty trading days (about four weeks, about 13 wall minutes).
/// </para>
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Acceleration = SoakSettings.Acceleration;
    private const int SessionAcceleration = SoakSettings.SessionAcceleration;
    /// <summary>Heap growth allowed from the end of day 2 to the end of the last day: 25% of the day-2 heap, at least
    /// 8 MB. Measured runs: a heap of about 26 MB after a full GC, moving by under 2 MB over the days (day 1 warms JIT,
    /// caches and pools). Days 2–5 make some thousands of REST requests, tens of thousands of realtime frames and
    /// SignalR pushes and about fifty runs with their steps: a leak of a few KB per request or run, or a collection
    /// that keeps every tick, passes the bound within the week.</summary>
    private const long HeapGrowthFloorBytes = 8L * 1024 * 1024;
    /// <summary>The weekend's step (the weekly reflection; the retraining is off, see <see cref="SoakSettings"/>): a weekly
    /// job that kept its inputs (every trade of the reflection) would pass it.</summary>
    private const long WeekendStepBoundBytes = 48L * 1024 * 1024;
    private static readonly DateTimeOffset ClockStart = SoakSettings.ClockStart;
    private static readonly TimeSpan SampleAtKst = new(17, 0, 0);

    private static int Days => int.TryParse(Environment.GetEnvironmentVariable("KISTRADER_SOAK_DAYS"), out var d) && d >= 5 ? d : 5;

    [Fact]
    [Trait("Category", "Soak")]
    public async Task FiveTradingDays_Accelerated_MemoryBounded_NoErrorLogs_NothingStuck()
    {
        var wall = Stopwatch.StartNew();
        var calendar = new KrxCalendar();
        var dates = TradingDates(calendar, DateOnly.FromDateTime(ClockStart.DateTime), Days);

        using var dir = new TempDataDir();
        var settings = SoakSettings.Week();
        settings["Logs:MinimumLevel"] = "Information";
        await using var app = await TradingApp.StartAsync(dir, settings);
        var clock = app.Get<TimeProvider>();
        Assert.IsType<AcceleratedClock>(clock);

        var notifications = new List<Notification>();
        using var notes = app.Get<IEventBus>().Subscribe<NotificationRaised>((e, _) =>
        {
            lock (notifications) notifications.Add(e.Notification);
            return ValueTask.CompletedTask;
        });

        using var browser = await SignedInClient.SignInAsync(app.BaseUrl);
        await using var hub = await HubClient.ConnectAsync(app.BaseUrl, browser.Cookies, app.Get<KisTrader.Web.Hosting.AppSettings>().Trading.EffectiveWatchlist);

        var samples = new List<DaySample>();
        foreach (var date in dates)
        {
            var at = new DateTimeOffset(date.ToDateTime(TimeOnly.FromTimeSpan(SampleAtKst)), KoreaTime.Offset);
            await WaitForCalendarAsync(clock, at, app);
            samples.Add(Sample(date, clock, hub, wall));
            output.WriteLine($"end of {date:yyyy-MM-dd ddd}: heap {samples[^1].HeapBytes / 1048576.0:0.0} MB, working set {samples[^1].WorkingSetBytes / 1048576.0:0.0} MB, ticks pushed {samples[^1].TicksPushed}, wall {samples[^1].WallSeconds:0} s");
        }
        var simulatedUntil = clock.GetUtcNow();

        // The end: the app still serves, nothing is stuck.
        using var health = await browser.Client.GetAsync("/healthz");
        // The morning's sign-in cookie has run out in the simulated week (as it would for a user away that long): sign in
        // again, through the real form, and load the dashboard.
        using var again = await SignedInClient.SignInAsync(app.BaseUrl);
        using var page = await again.Client.GetAsync("/");
        var healthStatus = $"{(int)health.StatusCode} {health.Headers.Location}";
        var pageStatus = $"{(int)page.StatusCode} {page.Headers.Location}";
        Assert.True(hub.Error is null, "the SignalR connection failed: " + hub.Error);

        // A run the schedule started shortly before the sample may still be sending: on two busy cores an order takes a
        // few hundred wall milliseconds, which is minutes of this calendar (one started at 14:55 was still at its orders
        // at 17:00). Stuck is still running half a minute of wall time, a day and more of the calendar, later.
        var graphs = app.Get<IGraphStore>();
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(30)
               && (await graphs.ListRunsAsync(OperationalGraph.Name, 100_000)).Any(r => r.StartedAt >= ClockStart && r.Status == RunStatus.Running))
            await Task.Delay(250);
        var runs = (await graphs.ListRunsAsync(OperationalGraph.Name, 100_000))
            .Where(r => r.StartedAt >= ClockStart).ToList();
        var orders = await app.Get<IOrderLedger>().ListAsync(ClockStart, simulatedUntil.AddDays(1));
        List<Notification> raised;
        lock (notifications) raised = [.. notifications];

        var perDay = dates.Select(d => new
        {
            date = d.ToString("yyyy-MM-dd"),
            weekday = d.DayOfWeek.ToString(),
            runs = runs.Count(r => KstDate(r.StartedAt) == d),
            scheduledRuns = runs.Count(r => KstDate(r.StartedAt) == d && r.Trigger == "schedule"),
            failedRuns = runs.Count(r => KstDate(r.StartedAt) == d && r.Status == RunStatus.Failed),
            orders = orders.Count(o => KstDate(o.CreatedAt) == d),
            filledOrders = orders.Count(o => KstDate(o.CreatedAt) == d && o.FilledQuantity > 0),
            dailySummary = raised.Any(n => n.Title == $"Daily summary {d:yyyy-MM-dd}"),
        }).ToList();

        var logs = LogLines(dir.LogDir, "kistrader-*.log");
        var errorFileLines = LogLines(dir.LogDir, "errors-*.log");
        var errorLines = logs.Where(l => l.Contains("[ERR]") || l.Contains("[FTL]")).ToList();
        var warningLines = logs.Where(l => l.Contains("[WRN]")).ToList();
        var refusedCancels = logs.Count(l => l.Contains("VTTC0013U order \"Rejected\""));
        var followUps = logs.Count(l => l.Contains("P&L follow-up:"));
        var stuckRuns = runs.Where(r => r.Status == RunStatus.Running).ToList();
        // Stuck: Intent/Unknown at all, or still open from an earlier day (day orders end at the close).
        var lastDay = KstDate(simulatedUntil);
        var stuckOrders = orders.Where(o => o.Status is LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown
            || (o.IsOpen && KstDate(o.CreatedAt) < lastDay)).ToList();

        // What the runs decided, most common first (long texts cut): shows why a day traded less.
        var decisions = runs.Select(r => GraphJson.Deserialize<TradingState>(r.StateJson))
            .Select(st => st.Plan?.Summary ?? st.DecisionNote ?? st.EngineNotice ?? (st.Rejection is { } rj ? "rejected: " + string.Join("; ", rj.Errors) : "no plan"))
            .Select(t => t.Length > 160 ? t[..160] : t)
            .GroupBy(t => t).OrderByDescending(g => g.Count()).Take(8).Select(g => $"{g.Count()}× {g.Key}").ToList();
        var refusals = runs.SelectMany(r => GraphJson.Deserialize<TradingState>(r.StateJson).Checks.Where(c => !c.Verdict.Approved)
                .Select(c => $"{KstDate(r.StartedAt):MM-dd} {c.Verdict.Code}"))
            .GroupBy(t => t).OrderBy(g => g.Key).Select(g => $"{g.Count()}× {g.Key}").ToList();
        // Orders whose cancel the broker refused, next to the simulator's record of them (for a failure's diagnosis).
        var exchange = app.Get<KisTrader.Web.Broker.BrokerRuntime>().Simulator!.Exchange;
        List<string> refusedDetail;
        lock (exchange.Gate)
            refusedDetail = orders.Where(o => o.LastError?.Contains("cancel failed") == true).Take(10).Select(o =>
            {
                var sim = exchange.Orders.FirstOrDefault(x => x.Odno == o.BrokerOrderNo?.PadLeft(10, '0'));
                return $"{o.OrderId} {o.CreatedAt.ToKst():MM-dd HH:mm} {o.Side} {o.Quantity}@{o.LimitPrice} {o.Status} filled {o.FilledQuantity} broker {o.BrokerOrderNo}: {o.LastError}"
                    + (sim is null ? " | sim: none" : $" | sim: {sim.Date:MM-dd} {sim.Time} {sim.Kind} qty {sim.Quantity} filled {sim.FilledQuantity} cancelled {sim.CancelledQuantity} rejected {sim.RejectedQuantity}");
            }).ToList();
        // From day 2 on: growth between consecutive trading days of a week, and the steps across weekends (or holidays).
        var steps = samples.Zip(samples.Skip(1)).Skip(1)
            .Select(p => (p.First, p.Second, Bytes: p.Second.HeapBytes - p.First.HeapBytes, SameWeek: p.Second.Date.DayNumber - p.First.Date.DayNumber == 1))
            .ToList();
        var growth = steps.Where(x => x.SameWeek).Sum(x => x.Bytes);
        var weekendSteps = steps.Where(x => !x.SameWeek).ToList();
        var growthBound = Math.Max(HeapGrowthFloorBytes, samples[1].HeapBytes / 4);
        // The logs of the last run stay next to the report (artifacts/ is not committed).
        var logCopy = ReliabilityArtifacts.PathOf("soak-logs");
        if (Directory.Exists(logCopy)) Directory.Delete(logCopy, recursive: true);
        Directory.CreateDirectory(logCopy);
        foreach (var file in Directory.GetFiles(dir.LogDir))
        {
            await using var from = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await using var to = File.Create(Path.Combine(logCopy, Path.GetFileName(file)));
            await from.CopyToAsync(to);
        }
        var report = new
        {
            tradingDays = dates.Count,
            acceleration = Acceleration,
            sessionAcceleration = SessionAcceleration,
            simulatedFrom = ClockStart.ToString("O"),
            simulatedUntil = simulatedUntil.ToOffset(KoreaTime.Offset).ToString("O"),
            simulatedHours = Math.Round((simulatedUntil - ClockStart).TotalHours, 1),
            wallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 1),
            runs = runs.Count,
            failedRuns = runs.Count(r => r.Status == RunStatus.Failed),
            orders = orders.Count,
            filledOrders = orders.Count(o => o.FilledQuantity > 0),
            fills = orders.Sum(o => o.FilledQuantity),
            rejectedOrders = orders.Count(o => o.Status == LedgerOrderStatus.Rejected),
            dailySummaries = raised.Count(n => n.Title.StartsWith("Daily summary", StringComparison.Ordinal)),
            pnlFollowUps = followUps,
            ticksPushed = hub.Ticks,
            healthz = healthStatus,
            signedInPage = pageStatus,
            errorLogEntries = errorFileLines.Count,
            errorLines = errorLines.Count,
            warningLines = warningLines.Count,
            refusedCancels,
            stuckRuns = stuckRuns.Count,
            stuckOrders = stuckOrders.Count,
            heapGrowthWithinWeeksBytes = growth,
            heapGrowthBoundBytes = growthBound,
            heapWeekendStepsBytes = weekendSteps.Select(x => x.Bytes).ToList(),
            days = perDay,
            decisions,
            riskRefusals = refusals,
            refusedCancelOrders = refusedDetail,
            memory = samples.Select(s => new { date = s.Date.ToString("yyyy-MM-dd"), heapMb = Math.Round(s.HeapBytes / 1048576.0, 1), workingSetMb = Math.Round(s.WorkingSetBytes / 1048576.0, 1), ticksPushed = s.TicksPushed, wallSeconds = Math.Round(s.WallSeconds, 1) }),
        };
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(json);
        await File.WriteAllTextAsync(ReliabilityArtifacts.PathOf("soak.json"), json + "\n");
        foreach (var w in warningLines.GroupBy(l => l.Length > 31 ? l[31..Math.Min(l.Length, 160)] : l).OrderByDescending(g => g.Count()).Take(20))
            output.WriteLine($"warning {w.Count()}×: {w.Key}");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(errorFileLines.Count == 0, "errors-*.log is not empty:\n" + string.Join("\n", errorFileLines.Take(40)));
        Assert.True(errorLines.Count == 0, "Error/Fatal lines in the main log:\n" + string.Join("\n", errorLines.Take(40)));
        Assert.Empty(stuckRuns);
        Assert.True(stuckOrders.Count == 0, "orders stuck: " + string.Join(", ", stuckOrders.Select(o => $"{o.OrderId} {o.Status}")));
        Assert.True(perDay.Count(d => d.runs > 0) >= Days, $"runs on {perDay.Count(d => d.runs > 0)} trading dates, wanted {Days}");
        Assert.Equal(Days, runs.Select(r => KstDate(r.StartedAt)).Distinct().Count(d => calendar.IsTradingDay(d)));
        // The flood the soak found (thousands of refused cancels of orders the exchange had expired): at most a few
        // races of a cancel with the last fill.
        Assert.True(refusedCancels <= orders.Count / 10 + 3, $"{refusedCancels} cancels refused by the broker for {orders.Count} orders");
        foreach (var day in perDay)
        {
            Assert.True(day.scheduledRuns > 0, $"no scheduled run on {day.date}");
            Assert.True(day.filledOrders > 0, $"no fill on {day.date}");
        }
        Assert.True(hub.Ticks > 0, "the SignalR client received no tick");
        var heaps = string.Join(", ", samples.Select(s => $"{s.Date:MM-dd} {s.HeapBytes / 1048576.0:0.0}"));
        Assert.True(growth < growthBound,
            $"the heap grew {growth / 1048576.0:0.0} MB over the trading days within a week from day 2 on (MB after each day: {heaps})");
        foreach (var step in weekendSteps)
            Assert.True(step.Bytes < WeekendStepBoundBytes,
                $"the heap grew {step.Bytes / 1048576.0:0.0} MB from {step.First.Date:MM-dd} to {step.Second.Date:MM-dd} (MB after each day: {heaps})");
    }

    private static List<DateOnly> TradingDates(KrxCalendar calendar, DateOnly from, int count)
    {
        var dates = new List<DateOnly>();
        for (var d = from; dates.Count < count; d = d.AddDays(1))
            if (calendar.IsTradingDay(d)) dates.Add(d);
        return dates;
    }

    private static DateOnly KstDate(DateTimeOffset t) => DateOnly.FromDateTime(t.ToKst().DateTime);

    private static async Task WaitForCalendarAsync(TimeProvider clock, DateTimeOffset at, TradingApp app)
    {
        var deadline = DateTime.UtcNow + SoakSettings.WallLimit(clock.GetUtcNow(), at);
        while (clock.GetUtcNow() < at)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the simulated clock did not reach {at:O}");
            await Task.Delay(100);
        }
    }

    private static DaySample Sample(DateOnly date, TimeProvider clock, HubClient hub, Stopwatch wall)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return new DaySample(date, GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64, hub.Ticks, wall.Elapsed.TotalSeconds);
    }

    private static List<string> LogLines(string dir, string pattern)
    {
        if (!Directory.Exists(dir)) return [];
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(dir, pattern))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
                if (line.Length > 0) lines.Add(line);
        }
        return lines;
    }

    private sealed record DaySample(DateOnly Date, long HeapBytes, long WorkingSetBytes, long TicksPushed, double WallSeconds);
}
