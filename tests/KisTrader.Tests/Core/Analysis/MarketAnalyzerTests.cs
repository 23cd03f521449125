using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Testing;

namespace KisTrader.Tests.Core.Analysis;

public class MarketAnalyzerTests
{
    // 12:15 KST on a Wednesday: exactly half of the 09:00–15:30 session has elapsed.
    private static readonly DateTimeOffset Noon = new(2026, 11, 18, 12, 15, 0, KoreaTime.Offset);
    private static readonly DateOnly Today = new(2026, 11, 18);

    private readonly ManualTimeProvider _clock = new(Noon);
    private readonly TickCache _ticks = new();
    private readonly FakeMarketData _market = new();
    private FeedState _feed = FeedState.Connected;

    private MarketAnalyzer Analyzer(MarketAnalyzerOptions? options = null) => new(_ticks, _market, () => _feed, _clock, options);

    private void Tick(string ticker, decimal price, decimal changeRate, long cumulativeVolume, DateTimeOffset? at = null, decimal intensity = 100m)
    {
        var basePrice = Math.Round(price / (1 + changeRate / 100m), 0);
        _ticks.Update(new Tick(ticker, at ?? Noon.AddSeconds(-5), price, price - basePrice, changeRate, basePrice, Math.Max(price, basePrice),
            Math.Min(price, basePrice), 10, cumulativeVolume, price * cumulativeVolume, price + 10, price - 10, intensity, null, false));
    }

    [Fact]
    public async Task Analyze_WhenFeedReconnecting_IsStaleWithReason()
    {
        _feed = FeedState.Reconnecting;
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_000m, 0m, 50_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        Assert.True(a.Stale);
        Assert.Contains("Reconnecting", a.StaleReason);
        Assert.Equal(FeedState.Reconnecting, a.Feed);
    }

    [Fact]
    public async Task Analyze_WhenATickIsOlderThanTheThreshold_IsStaleNamingTheTicker()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        _market.Bars["000660"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_000m, 0m, 50_000);
        Tick("000660", 10_000m, 0m, 50_000, at: Noon.AddMinutes(-5));

        var a = await Analyzer(new MarketAnalyzerOptions { StaleAfter = TimeSpan.FromMinutes(2) }).AnalyzeAsync(["005930", "000660"]);

        Assert.True(a.Stale);
        Assert.Contains("000660", a.StaleReason);
        Assert.DoesNotContain("005930", a.StaleReason);
    }

    [Fact]
    public async Task Analyze_WithFreshTicksOnAConnectedFeed_IsNotStale()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_000m, 0m, 50_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        Assert.False(a.Stale);
        Assert.Null(a.StaleReason);
    }

    [Fact]
    public async Task Analyze_VolumeSurgeWithPriceUp_IsAnOpportunityWithTheRatio()
    {
        // Average 100,000 a day, half the session gone → 50,000 expected; 150,000 traded → 3x.
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_200m, 2m, 150_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        Assert.Equal(3m, a.Find("005930")!.VolumeSurgeRatio);
        var signal = Assert.Single(a.Opportunities, s => s.Kind == "volume_surge");
        Assert.Equal("005930", signal.Ticker);
        Assert.Equal(3m, signal.Strength);
    }

    [Fact]
    public async Task Analyze_VolumeSurgeWithPriceDown_IsNotAnOpportunity()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 9_900m, -1m, 150_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        Assert.DoesNotContain(a.Opportunities, s => s.Kind == "volume_surge");
    }

    [Fact]
    public async Task Analyze_PriceAboveTwentyDayHigh_IsABreakout()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_200m, 2m, 10_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        var signal = Assert.Single(a.Opportunities, s => s.Kind == "breakout");
        Assert.Contains("10100", signal.Description);
    }

    [Fact]
    public async Task Analyze_SharpDropToday_IsARiskAndBelowLowerBandToo()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 9_600m, -4m, 60_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        Assert.Contains(a.Risks, s => s.Kind == "sharp_drop" && s.Ticker == "005930" && s.Strength == 4m);
        Assert.Contains(a.Risks, s => s.Kind == "below_lower_band");
        Assert.Empty(a.Opportunities);
    }

    [Fact]
    public async Task Analyze_SmallDrop_IsNotARisk()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 9_800m, -2m, 60_000);

        var a = await Analyzer().AnalyzeAsync(["005930"]);

        Assert.DoesNotContain(a.Risks, s => s.Kind == "sharp_drop");
    }

    [Fact]
    public async Task Analyze_WithLongHistory_ReportsTheIndicatorSet()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_000m, 0m, 50_000);

        var t = (await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!;

        foreach (var key in new[] { "rsi14", "sma20", "sma60", "ema12", "ema26", "macd", "macd_signal", "bb_upper", "bb_lower", "atr14", "return_5d_pct", "return_20d_pct" })
            Assert.True(t.Indicators.ContainsKey(key), key);
        Assert.Equal(10_000m, t.Indicators["sma60"]);
        Assert.Equal(50m, t.Indicators["rsi14"]);
        // 13 history ranges of 200 and today's range 0 (open = high = low = 10,000): (200·13 + 0) / 14 = 185.71.
        Assert.Equal(185.71m, t.Indicators["atr14"]);
        Assert.Equal(13_000m, t.Indicators["upper_limit"]);
    }

    [Fact]
    public async Task Analyze_CarriesTheBestBidAndAskOfTheLastTick_AndTheSessionState()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_000m, 0m, 50_000);

        var a = await Analyzer(new MarketAnalyzerOptions { Calendar = new KrxCalendar() }).AnalyzeAsync(["005930"]);

        var t = a.Find("005930")!;
        Assert.Equal((9_990m, 10_010m), (t.Indicators["best_bid"], t.Indicators["best_ask"]));
        Assert.False(t.Indicators.ContainsKey("halted"));
        Assert.Equal(SessionProgress.Regular, a.Session);
    }

    [Theory]
    [InlineData("2026-11-18T09:05:00", false, "regular")]
    [InlineData("2026-11-18T15:19:59", false, "regular")]
    [InlineData("2026-11-18T15:25:00", false, "closing_auction")]
    [InlineData("2026-11-18T15:30:00", false, "closed")]
    [InlineData("2026-11-18T08:59:00", false, "closed")]
    [InlineData("2026-11-21T11:00:00", false, "closed")] // Saturday
    [InlineData("2026-12-25T11:00:00", false, "closed")] // a KRX holiday
    [InlineData("2026-11-21T03:00:00", true, "always_open")]
    public void SessionState_FollowsKrxHoursAndHolidays_OrTheAlwaysOpenSimulator(string kst, bool alwaysOpen, string expected)
    {
        var at = new DateTimeOffset(DateTime.Parse(kst, System.Globalization.CultureInfo.InvariantCulture), KoreaTime.Offset);
        Assert.Equal(expected, SessionProgress.State(at, alwaysOpen ? SessionClock.AlwaysOpen : SessionClock.Krx, new KrxCalendar()));
    }

    [Fact]
    public async Task Analyze_WithShortHistory_LeavesUnreadyIndicatorsOut()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 10);
        Tick("005930", 10_000m, 0m, 50_000);

        var t = (await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!;

        Assert.False(t.Indicators.ContainsKey("sma60"));
        Assert.False(t.Indicators.ContainsKey("sma20"));
        Assert.False(t.Indicators.ContainsKey("return_20d_pct"));
        Assert.True(t.Indicators.ContainsKey("return_5d_pct"));
        Assert.Equal(0m, t.VolumeSurgeRatio);
    }

    [Fact]
    public async Task Analyze_FetchesHistoryOncePerTickerPerDay()
    {
        _market.Bars["005930"] = FakeMarketData.FlatHistory(Today, 80);
        Tick("005930", 10_000m, 0m, 50_000);
        var analyzer = Analyzer();

        await analyzer.AnalyzeAsync(["005930"]);
        await analyzer.AnalyzeAsync(["005930"]);
        Assert.Equal(1, _market.BarCalls);

        _clock.Advance(TimeSpan.FromDays(1));
        Tick("005930", 10_000m, 0m, 50_000, at: _clock.GetUtcNow());
        await analyzer.AnalyzeAsync(["005930"]);
        Assert.Equal(2, _market.BarCalls);
    }

    [Fact]
    public async Task Analyze_TickerWithoutTicks_UsesARestQuoteAndItsLimits()
    {
        _market.Bars["035720"] = FakeMarketData.FlatHistory(Today, 80);
        _market.Quotes["035720"] = new Quote("035720", "Kakao", 41_000m, 1_000m, 2.5m, 40_000m, 41_500m, 39_900m, 1_000, 41_000_000m,
            40_000m, 52_000m, 28_000m, 50m, Noon);

        var a = await Analyzer().AnalyzeAsync(["035720"]);

        var t = a.Find("035720")!;
        Assert.Equal(41_000m, t.Price);
        Assert.Equal(52_000m, t.Indicators["upper_limit"]);
        Assert.Equal(50m, t.Indicators["tick_size"]);
        Assert.Equal(1, _market.QuoteCalls);
    }

    [Fact]
    public async Task Analyze_TickerWithNoDataAnywhere_IsARiskNotAGuess()
    {
        var a = await Analyzer().AnalyzeAsync(["999999"]);

        Assert.Empty(a.Tickers);
        Assert.Contains(a.Risks, s => s.Ticker == "999999" && s.Kind == "no_data");
    }

    [Fact]
    public async Task Sentiment_AllAdvancing_IsPositive_AllDeclining_IsNegative()
    {
        foreach (var t in new[] { "000001", "000002", "000003" }) _market.Bars[t] = FakeMarketData.FlatHistory(Today, 30);
        Tick("000001", 10_300m, 3m, 1); Tick("000002", 10_300m, 3m, 1); Tick("000003", 10_300m, 3m, 1);
        var up = await Analyzer().AnalyzeAsync(["000001", "000002", "000003"]);
        Assert.Equal(1m, up.SentimentScore);

        Tick("000001", 9_900m, -1m, 1, Noon); Tick("000002", 9_900m, -1m, 1, Noon); Tick("000003", 10_000m, 0m, 1, Noon);
        var down = await Analyzer().AnalyzeAsync(["000001", "000002", "000003"]);
        // breadth −2/3, average −2/3 % → 0.5·(−0.667) + 0.5·(−0.222) = −0.44
        Assert.Equal(-0.44m, down.SentimentScore);
    }

    [Fact]
    public void SessionProgress_KrxAndAlwaysOpen()
    {
        Assert.Equal(0.5m, SessionProgress.ElapsedShare(Noon, SessionClock.Krx));
        Assert.Equal(0m, SessionProgress.ElapsedShare(Noon.AddHours(-4), SessionClock.Krx));
        Assert.Equal(1m, SessionProgress.ElapsedShare(Noon.AddHours(5), SessionClock.Krx));
        Assert.Equal(0.5m, SessionProgress.ElapsedShare(new DateTimeOffset(2026, 11, 18, 12, 0, 0, KoreaTime.Offset), SessionClock.AlwaysOpen));
    }
}
