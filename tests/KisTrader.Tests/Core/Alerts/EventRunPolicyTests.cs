using KisTrader.Core.Alerts;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Testing;

namespace KisTrader.Tests.Core.Alerts;

public sealed class EventRunPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static Alert Signal(AlertKind kind, string ticker) => new(kind, ticker, NotificationLevel.Warning, "t", "m", Now);

    [Fact]
    public void ASignalOnAWatchedTicker_ClaimsARunScopedToIt_AtMostOncePerCooldown()
    {
        var clock = new ManualTimeProvider(Now);
        var policy = new EventRunPolicy(true, ["005930"], TimeSpan.FromMinutes(30), clock);
        var (trigger, _) = policy.TryClaim(Signal(AlertKind.Surge, "005930"));
        Assert.Equal("event:surge:005930", trigger);
        Assert.Equal("005930", EventTrigger.TickerOf(trigger));
        Assert.Null(policy.TryClaim(Signal(AlertKind.VolumeSpike, "005930")).Trigger);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("event:plunge:005930", policy.TryClaim(Signal(AlertKind.Plunge, "005930")).Trigger);
    }

    [Fact]
    public void OffUnwatchedOrNotAMarketSignal_ClaimsNothing()
    {
        var clock = new ManualTimeProvider(Now);
        Assert.Contains("Trading:EventRuns", new EventRunPolicy(false, ["005930"], TimeSpan.FromMinutes(30), clock).TryClaim(Signal(AlertKind.Surge, "005930")).Reason);
        var policy = new EventRunPolicy(true, ["005930"], TimeSpan.FromMinutes(30), clock);
        Assert.Contains("not on the watchlist", policy.TryClaim(Signal(AlertKind.Surge, "000660")).Reason);
        Assert.Null(policy.TryClaim(new Alert(AlertKind.StaleFeed, null, NotificationLevel.Error, "t", "m", Now)).Trigger);
        Assert.Null(policy.TryClaim(new Alert(AlertKind.LossLimitApproaching, "daily", NotificationLevel.Warning, "t", "m", Now)).Trigger);
    }

    [Fact]
    public void OutsideTheSession_ASignalStartsNothing()
    {
        // 16:00 KST, after the close: an after-hours print is no reason to trade.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero));
        var policy = new EventRunPolicy(true, ["005930"], TimeSpan.FromMinutes(30), clock, new KisTrader.Core.Market.KrxCalendar().IsInSession);
        Assert.Contains("session is closed", policy.TryClaim(Signal(AlertKind.Surge, "005930")).Reason);
        clock.SetUtcNow(Now);
        Assert.NotNull(policy.TryClaim(Signal(AlertKind.Surge, "005930")).Trigger);
    }

    [Fact]
    public void AReleasedTurn_MayBeClaimedAgain()
    {
        var policy = new EventRunPolicy(true, ["005930"], TimeSpan.FromMinutes(30), new ManualTimeProvider(Now));
        Assert.NotNull(policy.TryClaim(Signal(AlertKind.Surge, "005930")).Trigger);
        policy.Release("005930");
        Assert.NotNull(policy.TryClaim(Signal(AlertKind.Surge, "005930")).Trigger);
    }

    [Theory]
    [InlineData("schedule", null)]
    [InlineData("manual", null)]
    [InlineData("event:surge:005930", "005930")]
    [InlineData("event:", null)]
    [InlineData("event:surge:", null)]
    public void TheTrigger_CarriesTheScope(string trigger, string? ticker) => Assert.Equal(ticker, EventTrigger.TickerOf(trigger));
}
