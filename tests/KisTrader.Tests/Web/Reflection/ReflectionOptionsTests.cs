using KisTrader.Web.Hosting;
using KisTrader.Web.Reflection;
using Microsoft.Extensions.Configuration;

namespace KisTrader.Tests.Web.Reflection;

public sealed class ReflectionOptionsTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Defaults_ReflectWeeklyOnSundayEvening_AndFollowUpAfterTheClose()
    {
        var r = Load().Reflection;
        Assert.True(r.Enabled);
        Assert.Equal("0 0 20 ? * SUN", r.Schedule);
        Assert.Equal("0 50 15 ? * MON-FRI", r.PnlFollowUpSchedule);
        Assert.Equal((7, 90, 3, true, 3, 2, 10, false),
            (r.PeriodDays, r.LookbackDays, r.MinTrades, r.AutoAdopt, r.MaxRulesPerRun, r.RetryCount, r.RetryDelayMinutes, r.GitCommit));
    }

    [Theory]
    [InlineData("Reflection:Schedule", "every sunday")]
    [InlineData("Reflection:PnlFollowUpSchedule", "daily at 15:50")]
    [InlineData("Reflection:PeriodDays", "0")]
    [InlineData("Reflection:LookbackDays", "3")]
    [InlineData("Reflection:MinTrades", "0")]
    [InlineData("Reflection:MaxRulesPerRun", "50")]
    [InlineData("Reflection:RetryCount", "-1")]
    [InlineData("Reflection:RetryDelayMinutes", "0")]
    [InlineData("Reflection:AutoAdopt", "perhaps")]
    [InlineData("Reflection:AutoAdpot", "false")]
    public void InvalidValue_StopsWithAnErrorNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void CoreOptions_CarryTheConfiguredValues()
    {
        var s = Load(("Reflection:PeriodDays", "14"), ("Reflection:LookbackDays", "120"), ("Reflection:MinTrades", "5"),
            ("Reflection:AutoAdopt", "false"), ("Reflection:MaxRulesPerRun", "1"));
        var core = ReflectionServices.CoreOptionsFrom(s.Reflection);
        Assert.Equal((14, 120, 5, false, 1), (core.PeriodDays, core.LookbackDays, core.MinTrades, core.AutoAdopt, core.MaxRulesPerRun));
    }

    [Fact]
    public void StaleRecurringJobs_AreNotConfigured_AndTheJobsAreOnlyThereWhileEnabled()
    {
        var on = Load();
        var off = Load(("Reflection:Enabled", "false"));
        Assert.True(ReflectionSchedule.IsConfigured(on.Reflection, ReflectionSchedule.WeeklyJobId));
        Assert.True(ReflectionSchedule.IsConfigured(on.Reflection, ReflectionSchedule.PnlJobId));
        Assert.False(ReflectionSchedule.IsConfigured(on.Reflection, "reflection-monthly"));
        Assert.False(ReflectionSchedule.IsConfigured(off.Reflection, ReflectionSchedule.WeeklyJobId));
        Assert.Equal([("reflection-weekly", "0 0 20 ? * SUN"), ("pnl-followup-daily", "0 50 15 ? * MON-FRI")],
            ReflectionSchedule.Jobs(on).Select(j => (j.Id, j.Cron)));
        Assert.Empty(ReflectionSchedule.Jobs(off));
    }
}
