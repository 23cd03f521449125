using KisTrader.Core.Approvals;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Configuration;

namespace KisTrader.Tests.Web;

public sealed class AppSettingsTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void TradingRules_AreBoundIntoTheRulesEngineOptions_WithTheRiskSectionsCaps()
    {
        var s = Load(("Trading:Rules:BreakoutMaxRsi", "100"), ("Trading:Rules:MaxBuysPerRun", "5"), ("Risk:MaxTickerWeightPercent", "15"));
        var options = s.Trading.Rules.ToOptions(s.Risk);
        Assert.Equal(100m, options.BreakoutMaxRsi);
        Assert.Equal(5, options.MaxBuysPerRun);
        Assert.Equal(15m, options.MaxTickerWeightPercent);
        Assert.Equal(new KisTrader.Core.Decisions.RulesEngineOptions().OversoldRsi, options.OversoldRsi);
    }

    [Fact]
    public void Defaults_RunWithNothingConfigured()
    {
        var s = Load();
        Assert.Equal(KisEnvironment.Simulator, s.Kis.Environment);
        Assert.Equal(ApprovalMode.Required, s.Trading.ApprovalMode);
        Assert.False(s.Llm.IsConfigured);
        Assert.Equal(KisTrader.Data.DatabaseProvider.Sqlite, s.Database.Provider);
        Assert.False(s.Trading.EventRuns);
        Assert.True(s.Alerts.Enabled);
    }

    [Fact]
    public void AlertSettings_BecomeTheDetectorsOptions()
    {
        var s = Load(("Alerts:SurgePercent", "2.5"), ("Alerts:WindowSeconds", "120"), ("Alerts:CooldownMinutes", "3"), ("Trading:EventRuns", "true"));
        var o = s.Alerts.ToOptions(TimeSpan.FromSeconds(30), _ => true);
        Assert.Equal(2.5m, o.SurgePercent);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Window);
        Assert.Equal(TimeSpan.FromMinutes(3), o.Cooldown);
        Assert.True(s.Trading.EventRuns);
    }

    [Theory]
    [InlineData("Risk:MaxOrderValueKrw", "-5")]
    [InlineData("Risk:MaxCapitalKrw", "-1")]
    [InlineData("Risk:MaxCapitalKrw", "0")]
    [InlineData("Risk:MaxCapitalKrw", "lots")]
    [InlineData("Risk:MaxOrdersPerDay", "0")]
    [InlineData("Risk:MaxOrdersPerDay", "many")]
    [InlineData("Trading:ApprovalMode", "Sometimes")]
    [InlineData("Trading:ApprovalExpiryMinutes", "0")]
    [InlineData("Trading:MaxSlippageTicks", "-1")]
    [InlineData("Trading:MaxSlippageTicks", "two")]
    [InlineData("Trading:MaxSlippagePercent", "-0.5")]
    [InlineData("Trading:MaxSlippagePercent", "31")]
    [InlineData("Kis:Environment", "Moon")]
    [InlineData("Kis:AccountNumber", "1234")]
    [InlineData("Kis:RestBaseUrl", "ftp://example")]
    [InlineData("Simulator:InitialCash", "5")]
    [InlineData("Llm:Endpoint", "not a url")]
    [InlineData("Admin:Password", "short")]
    [InlineData("Notifications:EmailTo:0", "nobody")]
    [InlineData("Trading:Watchlist:0", "SAMSUNG")]
    [InlineData("Risk:MaxOrderValueKrwTypo", "5")]
    [InlineData("Trading:Rules:BreakoutMaxRsi", "120")]
    [InlineData("Trading:Rules:StopLossPercent", "5")]
    [InlineData("Trading:Rules:BuyFractionOfEquity", "0")]
    [InlineData("Trading:Rules:OverboughtRsiTypo", "70")]
    [InlineData("Alerts:SurgePercent", "0")]
    [InlineData("Alerts:PlungePercent", "fast")]
    [InlineData("Alerts:WindowSeconds", "1")]
    [InlineData("Alerts:VolumeSpikeMultiple", "1")]
    [InlineData("Alerts:VolumeBaselineWindows", "2")]
    [InlineData("Alerts:StaleFeedSeconds", "0")]
    [InlineData("Alerts:LossWarningPercentOfLimit", "120")]
    [InlineData("Alerts:CooldownMinutes", "0")]
    [InlineData("Alerts:SurgePercentTypo", "3")]
    [InlineData("Trading:EventRuns", "sometimes")]
    [InlineData("Trading:EventRunCooldownMinutes", "0")]
    [InlineData("Notifications:WebhookPerMinute", "0")]
    [InlineData("Notifications:EmailPerHour", "-1")]
    [InlineData("Notifications:DashboardPerMinute", "0")]
    public void InvalidValue_StopsWithAnErrorNamingTheKey(string key, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));
        Assert.Contains(ex.Errors, e => e.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Slippage_DefaultsToTwoTicksAndHalfAPercent_AndConfiguredValuesAreBound()
    {
        Assert.Equal((2, 0.5m), (Load().Trading.MaxSlippageTicks, Load().Trading.MaxSlippagePercent));
        var s = Load(("Trading:MaxSlippageTicks", "3"), ("Trading:MaxSlippagePercent", "1.25"));
        Assert.Equal((3, 1.25m), (s.Trading.MaxSlippageTicks, s.Trading.MaxSlippagePercent));
    }

    [Fact]
    public void MaxCapitalKrw_AbsentMeansNoCap_AndAValueBecomesTheEnginesCap()
    {
        Assert.Null(Load().Risk.MaxCapitalKrw);
        Assert.Null(KisTrader.Web.Trading.TradingServices.RiskLimitsFrom(Load().Risk).MaxCapitalKrw);
        var s = Load(("Risk:MaxCapitalKrw", "50000000"));
        Assert.Equal(50_000_000m, KisTrader.Web.Trading.TradingServices.RiskLimitsFrom(s.Risk).MaxCapitalKrw);
    }

    [Fact]
    public void RealEnvironment_WithoutKeys_NamesEachMissingKey()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(("Kis:Environment", "Real")));
        Assert.Contains(ex.Errors, e => e.StartsWith("Kis:AppKey:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Kis:AppSecret:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Kis:AccountNumber:", StringComparison.Ordinal));
    }

    [Fact]
    public void PostgreSql_WithoutConnectionString_IsRefused()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(("Database:Provider", "PostgreSql")));
        Assert.Contains(ex.Errors, e => e.StartsWith("Database:ConnectionString:", StringComparison.Ordinal));
    }

    [Fact]
    public void WeeklyLossLimitBelowDaily_IsRefused()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(("Risk:DailyLossLimitPercent", "5"), ("Risk:WeeklyLossLimitPercent", "4")));
        Assert.Contains(ex.Errors, e => e.StartsWith("Risk:WeeklyLossLimitPercent:", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_ListsEveryConfiguredSecret()
    {
        var s = Load(("Kis:AppKey", "APPKEY-123456"), ("Kis:AppSecret", "SECRET-abcdef"), ("Kis:AccountNumber", "50001234"),
            ("Llm:ApiKey", "sk-test-key-1234567890"), ("Admin:Password", "Admin-Password-99"), ("Notifications:SmtpPassword", "smtp-pass-1"));
        Assert.Superset(new HashSet<string?> { "APPKEY-123456", "SECRET-abcdef", "50001234", "sk-test-key-1234567890", "Admin-Password-99", "smtp-pass-1" }, s.Secrets().ToHashSet());
    }
}
