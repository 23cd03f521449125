using KisTrader.Core.Alerts;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Testing;

namespace KisTrader.Tests.Core.Alerts;

public sealed class AlertDetectorTests
{
    // Monday 2026-12-07, 10:00 KST (a trading day, in session), on a 5-minute boundary.
    private static readonly DateTimeOffset InSession = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
    private static readonly AlertOptions Options = new()
    {
        SurgePercent = 3m, PlungePercent = 3m, Window = TimeSpan.FromMinutes(5), VolumeSpikeMultiple = 5m,
        VolumeBaselineWindows = 12, VolumeMinBaselineWindows = 3, StaleFeedAfter = TimeSpan.FromSeconds(60),
        UnknownOrderGrace = TimeSpan.FromSeconds(30), Cooldown = TimeSpan.FromMinutes(10), LossWarningPercentOfLimit = 80m,
        IsSessionOpen = new KrxCalendar().IsInSession,
    };

    private readonly ManualTimeProvider _clock = new(InSession);
    private readonly Dictionary<string, long> _cumulative = [];

    private AlertDetector Detector(AlertOptions? options = null) => new(options ?? Options, _clock);

    /// <summary>A tick <paramref name="seconds"/> after the start; the clock moves with the ticks.</summary>
    private Tick Tick(string ticker, int seconds, decimal price, long volume = 100)
    {
        var at = InSession.AddSeconds(seconds);
        if (at > _clock.GetUtcNow()) _clock.SetUtcNow(at);
        var cumulative = _cumulative[ticker] = _cumulative.GetValueOrDefault(ticker) + volume;
        return new Tick(ticker, at, price, 0, 0, price, price, price, volume, cumulative, 0, price, price, 100, Side.Buy, false);
    }

    [Fact]
    public void ARiseOfTheSurgePercentWithinTheWindow_IsASurge()
    {
        var detector = Detector();
        Assert.Empty(detector.OnTick(Tick("005930", 0, 10_000)));
        var alert = Assert.Single(detector.OnTick(Tick("005930", 60, 10_300)));
        Assert.Equal(AlertKind.Surge, alert.Kind);
        Assert.Equal("005930", alert.Ticker);
        Assert.Contains("rose 3%", alert.Message);
    }

    [Fact]
    public void AFallOfThePlungePercentWithinTheWindow_IsAPlunge()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        var alert = Assert.Single(detector.OnTick(Tick("005930", 120, 9_650)));
        Assert.Equal(AlertKind.Plunge, alert.Kind);
        Assert.Contains("fell 3.5%", alert.Message);
    }

    [Fact]
    public void AChangeBelowTheThreshold_RaisesNothing()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        Assert.Empty(detector.OnTick(Tick("005930", 60, 10_290)));
        Assert.Empty(detector.OnTick(Tick("005930", 90, 9_710)));
    }

    [Fact]
    public void AChangeSpreadOverMoreThanTheWindow_IsNotASurge()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        Assert.Empty(detector.OnTick(Tick("005930", 240, 10_150)));
        // +3% against the first tick, but that one is 8 minutes old: against the window's oldest (4 minutes ago) it is +1.5%.
        Assert.Empty(detector.OnTick(Tick("005930", 480, 10_300)));
    }

    [Fact]
    public void TheCooldown_SuppressesARepeatOfTheSameAlertOnTheSameTicker_ButNotOnAnother()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        detector.OnTick(Tick("000660", 0, 20_000));
        Assert.Single(detector.OnTick(Tick("005930", 60, 10_400)));
        Assert.Empty(detector.OnTick(Tick("005930", 90, 10_500)));
        Assert.Equal(AlertKind.Surge, Assert.Single(detector.OnTick(Tick("000660", 100, 20_800))).Kind);

        // The price keeps rising in steps; after the cooldown the same surge is announced again.
        for (var s = 120; s < 600; s += 60)
            Assert.Empty(detector.OnTick(Tick("005930", s, 10_500 + s)));
        Assert.Equal(AlertKind.Surge, Assert.Single(detector.OnTick(Tick("005930", 660, 11_600))).Kind);
    }

    /// <summary>Four 5-minute windows of 1,000 shares each (200 a minute), ending at 20 minutes.</summary>
    private void Baseline(AlertDetector detector)
    {
        for (var minute = 0; minute < 20; minute++)
            Assert.Empty(detector.OnTick(Tick("005930", minute * 60, 10_000, 200)));
    }

    [Fact]
    public void AWindowsVolumeAtTheMultipleOfTheTrailingAverage_IsAVolumeSpike()
    {
        var detector = Detector();
        Baseline(detector);
        // The last 5 minutes: five ticks of 200 (15–19) and one of 4,000 now = 5,000, five times the average 1,000.
        var alert = Assert.Single(detector.OnTick(Tick("005930", 20 * 60, 10_000, 4_000)));
        Assert.Equal(AlertKind.VolumeSpike, alert.Kind);
        Assert.Equal("005930", alert.Ticker);
        Assert.Contains("5× the average", alert.Message);
    }

    [Fact]
    public void AWindowsVolumeBelowTheMultiple_RaisesNothing()
    {
        var detector = Detector();
        Baseline(detector);
        Assert.Empty(detector.OnTick(Tick("005930", 20 * 60, 10_000, 3_900)));
    }

    [Fact]
    public void WithoutEnoughEarlierWindows_ABigVolumeIsNotASpike()
    {
        var detector = Detector();
        for (var minute = 0; minute < 10; minute++)
            detector.OnTick(Tick("005930", minute * 60, 10_000, 200));
        // Only two completed windows: no baseline to judge against yet.
        Assert.Empty(detector.OnTick(Tick("005930", 10 * 60, 10_000, 50_000)));
    }

    [Fact]
    public void NoTickForTheStaleTime_DuringTheSession_IsAStaleFeed()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        Assert.Empty(detector.CheckHealth(false, []));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(detector.CheckHealth(false, []));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var alert = Assert.Single(detector.CheckHealth(false, []));
        Assert.Equal(AlertKind.StaleFeed, alert.Kind);
        Assert.Contains("60 s", alert.Message);
    }

    [Fact]
    public void NoTickOutsideSessionHours_IsNotAStaleFeed()
    {
        // 16:00 KST Monday (after the close), then Saturday 10:00 KST.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero));
        var detector = Detector();
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(detector.CheckHealth(false, []));
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 12, 1, 0, 0, TimeSpan.Zero));
        Assert.Empty(detector.CheckHealth(false, []));
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(detector.CheckHealth(false, []));
    }

    [Fact]
    public void SilenceIsCountedFromTheOpen_NotFromYesterdaysLastTick()
    {
        // Created before the open (08:50 KST): the night's silence is not a stale feed at 09:00.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 23, 50, 0, TimeSpan.Zero));
        var detector = Detector();
        Assert.Empty(detector.CheckHealth(false, []));
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 0, 5, TimeSpan.Zero));
        Assert.Empty(detector.CheckHealth(false, []));
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(AlertKind.StaleFeed, Assert.Single(detector.CheckHealth(false, [])).Kind);
    }

    [Fact]
    public void AnOpenCircuitBreaker_IsAnAlert_RepeatedOnlyAfterTheCooldown()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        Assert.Empty(detector.CheckHealth(false, []));
        Assert.Equal(AlertKind.CircuitOpen, Assert.Single(detector.CheckHealth(true, [])).Kind);
        Assert.Empty(detector.CheckHealth(true, []));
        _clock.Advance(TimeSpan.FromMinutes(10));
        detector.OnTick(Tick("005930", 600, 10_000));
        Assert.Equal(AlertKind.CircuitOpen, Assert.Single(detector.CheckHealth(true, [])).Kind);
    }

    private LedgerOrder Order(string id, LedgerOrderStatus status, TimeSpan age) =>
        new(id, _clock.GetUtcNow() - age, _clock.GetUtcNow() - age, "005930", Side.Buy, 10, OrderPriceType.Limit, 10_000m, status,
            null, null, 0, null, "run-1", null, null, "answer lost");

    [Fact]
    public void AnOrderOfUnknownOutcomeOlderThanTheGrace_IsAnAlert_AndAYoungerOneIsNot()
    {
        var detector = Detector();
        detector.OnTick(Tick("005930", 0, 10_000));
        Assert.Empty(detector.CheckHealth(false, [Order("young", LedgerOrderStatus.Unknown, TimeSpan.FromSeconds(30))]));
        var alert = Assert.Single(detector.CheckHealth(false,
            [Order("old", LedgerOrderStatus.Unknown, TimeSpan.FromSeconds(31)), Order("sent", LedgerOrderStatus.Sent, TimeSpan.FromMinutes(5))]));
        Assert.Equal(AlertKind.UnknownOrder, alert.Kind);
        Assert.Equal("old", alert.Subject);
        Assert.Null(alert.Ticker);
        Assert.Contains("answer lost", alert.Message);
    }

    [Fact]
    public void ALossAt80PercentOfItsLimit_IsAnAlert_AndBelowIsNot()
    {
        var detector = Detector();
        var limits = new RiskLimits { DailyLossLimitPercent = 3m, WeeklyLossLimitPercent = 7m };
        Assert.Empty(detector.OnLossCheck(new LossLimitStatus(-2.39m, -5.5m, false, false), limits));
        var daily = Assert.Single(detector.OnLossCheck(new LossLimitStatus(-2.4m, -5.5m, false, false), limits));
        Assert.Equal(AlertKind.LossLimitApproaching, daily.Kind);
        Assert.Equal("daily", daily.Subject);
        Assert.Contains("80% of the −3% limit", daily.Message);
        var weekly = Assert.Single(detector.OnLossCheck(new LossLimitStatus(-2.5m, -5.6m, false, false), limits));
        Assert.Equal("weekly", weekly.Subject);
    }
}
