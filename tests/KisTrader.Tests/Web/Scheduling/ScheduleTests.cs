using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Scheduling;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace KisTrader.Tests.Web.Scheduling;

public sealed class ScheduleTests
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    private static AppSettings Settings(params (string Key, string Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    /// <summary>The next fire time over all of a schedule's cron lines, the way Quartz evaluates them (in Asia/Seoul).</summary>
    private static DateTimeOffset Next(IReadOnlyList<string> crons, DateTimeOffset after) =>
        crons.Select(c => new CronExpression(c, SchedulingSetup.Kst).GetNextValidTimeAfter(after)!.Value).Min();

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
    public void TriggerKeys_OnePerCronLine()
    {
        var settings = Settings(("Kis:Environment", "Paper"), ("Kis:AppKey", "k"), ("Kis:AppSecret", "s"), ("Kis:AccountNumber", "12345678"),
            ("Trading:Schedule:0", "0 0 10 ? * MON-FRI"), ("Trading:Schedule:1", "0 0 11 ? * MON-FRI"), ("Trading:Schedule:2", "0 0 12 ? * MON-FRI"));
        Assert.Equal(["operational-0", "operational-1", "operational-2"], SchedulingSetup.TriggerKeys(settings).Select(k => k.Name));
    }

    [Fact]
    public void InvalidCron_StopsStartUp_NamingTheKey()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Settings(("Trading:Schedule:0", "every ten minutes")));
        Assert.Contains("Trading:Schedule:0", ex.Message);
    }
}
