using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Server;
using Hangfire.Storage;
using KisTrader.Testing;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Scheduling;
using Microsoft.Extensions.Configuration;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace KisTrader.Tests.Web.Scheduling;

public sealed class ScheduleTests
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    private static AppSettings Settings(params (string Key, string Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    /// <summary>The next fire time over all of a schedule's cron lines, the way Hangfire evaluates them (Cronos, in Asia/Seoul).</summary>
    private static DateTimeOffset Next(IReadOnlyList<string> crons, DateTimeOffset after) =>
        crons.Select(c => CronSchedule.Next(c, after)!.Value).Min();

    [Theory]
    // Monday 2026-11-23 before the open: first run at 09:05 KST.
    [InlineData("2026-11-23T08:00:00+09:00", "2026-11-23T09:05:00+09:00")]
    [InlineData("2026-11-23T09:05:00+09:00", "2026-11-23T09:15:00+09:00")]
    // The last 10-minute slot of the 14h line, then the 15h line: 15:05 and 15:15 (the close auction starts 15:20).
    [InlineData("2026-11-23T14:55:00+09:00", "2026-11-23T15:05:00+09:00")]
    [InlineData("2026-11-23T15:05:00+09:00", "2026-11-23T15:15:00+09:00")]
    [InlineData("2026-11-23T15:15:00+09:00", "2026-11-24T09:05:00+09:00")]
    // Friday evening: Monday morning.
    [InlineData("2026-11-27T15:30:00+09:00", "2026-11-30T09:05:00+09:00")]
    public void DefaultSchedule_RunsEveryTenMinutesFrom0905To1515KstOnWeekdays(string after, string expected)
    {
        var crons = SchedulingSetup.CronExpressions(Settings(("Kis:Environment", "Paper"), ("Kis:AppKey", "k"), ("Kis:AppSecret", "s"), ("Kis:AccountNumber", "12345678")));
        Assert.Equal(DateTimeOffset.Parse(expected), Next(crons, DateTimeOffset.Parse(after)).ToOffset(Kst));
    }

    [Fact]
    public void DefaultSchedule_Has38RunsOnATradingDay()
    {
        var crons = TradingOptions.DefaultScheduleCron;
        var t = DateTimeOffset.Parse("2026-11-23T00:00:00+09:00");
        var end = t.AddDays(1);
        var count = 0;
        while ((t = Next(crons, t)) < end) count++;
        // 09:05..14:55 every 10 minutes (36) plus 15:05 and 15:15.
        Assert.Equal(38, count);
    }

    [Fact]
    public void AlwaysOpenSimulator_UsesTheSimulatorCron_EveryFiveMinutes()
    {
        var crons = SchedulingSetup.CronExpressions(Settings());
        Assert.Equal(["0 0/5 * * * ?"], crons);
        var saturday = DateTimeOffset.Parse("2026-11-28T03:01:00+09:00");
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T03:05:00+09:00"), Next(crons, saturday));
    }

    [Fact]
    public void OperationalJobs_OnePerCronLine_NoneWhenTheScheduleIsOff()
    {
        var settings = Settings(("Kis:Environment", "Paper"), ("Kis:AppKey", "k"), ("Kis:AppSecret", "s"), ("Kis:AccountNumber", "12345678"),
            ("Trading:Schedule:0", "0 0 10 ? * MON-FRI"), ("Trading:Schedule:1", "0 0 11 ? * MON-FRI"), ("Trading:Schedule:2", "0 0 12 ? * MON-FRI"));
        Assert.Equal(["operational-0", "operational-1", "operational-2"], OperationalGraphJob.Jobs(settings).Select(j => j.Id));
        Assert.Equal(["0 0 10 ? * MON-FRI", "0 0 11 ? * MON-FRI", "0 0 12 ? * MON-FRI"], OperationalGraphJob.Jobs(settings).Select(j => j.Cron));
        Assert.Empty(OperationalGraphJob.Jobs(Settings(("Trading:ScheduleEnabled", "false"))));
    }

    [Fact]
    public void EveryRecurringJob_IsInSeoul_WithMisfiresIgnored()
    {
        var s = Settings();
        var jobs = new ScheduledJobs(MsOptions.Create(s.Kis), MsOptions.Create(s.Simulator), MsOptions.Create(s.Trading), MsOptions.Create(s.Reflection),
            MsOptions.Create(s.Backup), MsOptions.Create(s.Database), MsOptions.Create(s.History), MsOptions.Create(s.Ml)).All;
        Assert.Equal(["operational-0", "reflection-weekly", "pnl-followup-daily", "database-backup-daily", "daily-summary", "history-collect", "ml-retrain-weekly", "ml-drift-daily"],
            jobs.Select(j => j.Id));
        Assert.Equal("0 40 15 * * *", jobs.Single(j => j.Id == "daily-summary").Cron);
        Assert.Equal("0 40 15 ? * MON-FRI", jobs.Single(j => j.Id == "history-collect").Cron);
        Assert.Equal("Asia/Seoul", ScheduledJob.Options.TimeZone.Id);
        Assert.Equal(MisfireHandlingMode.Ignorable, ScheduledJob.Options.MisfireHandling);
        Assert.All(jobs, j => Assert.True(CronSchedule.TryParse(j.Cron, out _), j.Cron));
    }

    [Theory]
    [InlineData("Trading:Schedule:0", "every ten minutes")]
    // Quartz's seventh (year) field: Hangfire would refuse the line when the job is registered, so start-up does.
    [InlineData("Trading:Schedule:0", "0 0 10 ? * MON-FRI 2027")]
    [InlineData("Trading:SimulatorCron", "0 0/5 * * *  * ?")]
    [InlineData("Backup:Schedule", "16:30")]
    [InlineData("History:CollectCron", "after the close")]
    [InlineData("Ml:Training:Schedule", "weekly")]
    [InlineData("Ml:Drift:Schedule", "0 10 16 ? * MON-FRI 2027")]
    public void InvalidCron_StopsStartUp_NamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Settings((key, value)));
        Assert.Contains(key, ex.Message);
        Assert.Contains("not a valid cron expression", ex.Message);
    }

    [Fact]
    public void RecurringScheduler_OnTheAppClock_FiresAtTheSeoulCronTime_AndSkipsAFireSeenTooLate()
    {
        // Monday 2026-11-23 09:59:50 KST on the app's clock; the host clock says something else entirely.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 59, 50, Kst));
        using var storage = new InMemoryStorage();
        var (manager, scheduler, jobClock) = Scheduler(storage, clock, factor: 1);
        manager.AddOrUpdate("probe", Job.FromExpression<Probe>(p => p.Run()), "0 0 10 * * *", ScheduledJob.Options);
        Assert.Equal(new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc), Recurring(storage).NextExecution);

        Pass(scheduler, storage);
        Assert.Equal(0, Enqueued(storage));

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 0, 20, Kst));
        Pass(scheduler, storage);
        Assert.Equal(1, Enqueued(storage));
        Assert.Equal(new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc), Recurring(storage).NextExecution);

        // The next day the scheduler only looks at 10:05 (the app was down): past the tolerance, skipped, not replayed.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 10, 5, 0, Kst));
        Assert.True(TimeSpan.FromMinutes(5) > jobClock.MisfireTolerance);
        Pass(scheduler, storage);
        Assert.Equal(1, Enqueued(storage));
        Assert.Equal(new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc), Recurring(storage).NextExecution);
    }

    [Fact]
    public void RecurringScheduler_OnAnAcceleratedCalendar_FiresEveryCronTimeThatPasses()
    {
        // 3600×: a wall second is a calendar hour. Hangfire's own scheduler would wait its polling delay in wall time and
        // take every fire it sees later than twice that delay as a misfire; this one looks every 50 ms wall (3 calendar
        // minutes) and allows 60 wall seconds. The host clock is stepped by the test (100 ms a pass, 6 calendar minutes),
        // as the server's 50 ms passes would step it on an idle machine: on the real host clock a busy machine made
        // passes late enough that two ten-minute marks fell between them, and Ignorable fires such a pair once.
        var start = new DateTimeOffset(2026, 3, 4, 9, 1, 0, Kst);
        var host = new SteppedHost();
        var clock = new AcceleratedClock(host, 3600, start);
        using var storage = new InMemoryStorage();
        var (manager, scheduler, _) = Scheduler(storage, clock, factor: 3600);
        manager.AddOrUpdate("probe", Job.FromExpression<Probe>(p => p.Run()), "0 0/10 * * * *", ScheduledJob.Options);
        var registered = clock.GetUtcNow();

        while (clock.GetUtcNow() < registered.AddMinutes(75))
        {
            host.Step(TimeSpan.FromMilliseconds(100));
            Pass(scheduler, storage);
        }
        var end = clock.GetUtcNow();

        var due = 0;
        for (var t = CronSchedule.Next("0 0/10 * * * *", registered); t <= end; t = CronSchedule.Next("0 0/10 * * * *", t!.Value)) due++;
        // Every ten-minute mark the calendar passed, each once.
        Assert.Equal(due, Enqueued(storage));
        Assert.True(due >= 7, $"{due} fires due");
    }

    /// <summary>A host clock whose timestamps move only when the test steps them (timers stay on the system clock).</summary>
    private sealed class SteppedHost : TimeProvider
    {
        private long _ticks = 1;

        public void Step(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
    }

    public sealed class Probe
    {
        public void Run()
        {
        }
    }

    private static (IRecurringJobManagerV2 Manager, AppClockRecurringScheduler Scheduler, JobClock Clock) Scheduler(JobStorage storage, TimeProvider time, int factor)
    {
        var jobClock = new JobClock(time, factor);
        var filters = new JobFilterCollection();
        var zones = new DefaultTimeZoneResolver();
        var manager = new JobManagers(filters, zones, jobClock).GetManagerV2(storage);
        return (manager, new AppClockRecurringScheduler(new BackgroundJobFactory(filters), zones, jobClock), jobClock);
    }

    /// <summary>One pass of the scheduler, as the server's dispatcher runs it (it returns after its poll interval).</summary>
    private static void Pass(AppClockRecurringScheduler scheduler, JobStorage storage)
    {
        using var stopping = new CancellationTokenSource();
        scheduler.Execute(new BackgroundProcessContext("test", storage, new Dictionary<string, object>(), Guid.NewGuid(),
            stopping.Token, CancellationToken.None, CancellationToken.None));
    }

    private static RecurringJobDto Recurring(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return Assert.Single(connection.GetRecurringJobs());
    }

    private static long Enqueued(JobStorage storage) => storage.GetMonitoringApi().EnqueuedCount("default");
}
