using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Tests.History;

public sealed class PointInTimeTests
{
    private static readonly DateOnly Tue = new(2026, 12, 1);
    private static DateTimeOffset Kst(DateOnly d, int h, int m, int s = 0) => new(d.ToDateTime(new TimeOnly(h, m, s)), KoreaTime.Offset);

    [Theory]
    [InlineData(15, 29, 59, false)]
    [InlineData(15, 30, 0, true)]
    [InlineData(9, 0, 0, false)]
    [InlineData(23, 59, 59, true)]
    public void A_daily_bar_is_visible_from_its_sessions_close(int h, int m, int s, bool visible)
    {
        var bar = HistoryBar.Daily("005930", Tue, 1, 1, 1, 1, 1, 1, "kis", Kst(Tue, 16, 0));

        Assert.Equal(KrxCalendar.CloseOn(Tue), bar.AvailableAt);
        Assert.Equal(visible, PointInTime.IsVisible(bar, Kst(Tue, h, m, s)));
    }

    [Fact]
    public void The_latest_visible_start_agrees_with_availability_for_every_minute_of_two_days_in_either_resolution()
    {
        // The stores filter on LatestVisibleStart, the fake on AvailableAt: both must draw the line at the same bar.
        var minuteStarts = Enumerable.Range(0, 2 * 24 * 60).Select(i => Kst(Tue, 0, 0).AddMinutes(i)).ToList();
        var dayStarts = new[] { Kst(Tue.AddDays(-1), 0, 0), Kst(Tue, 0, 0), Kst(Tue.AddDays(1), 0, 0) };
        var disagreements = new List<string>();
        // Every 433 s: a step that is no whole number of minutes, so the as-of times fall on and between minute edges.
        for (var asOf = Kst(Tue, 0, 0); asOf < Kst(Tue.AddDays(2), 0, 0); asOf = asOf.AddSeconds(433))
        {
            foreach (var (resolution, starts) in new[] { (BarResolution.Minute, minuteStarts), (BarResolution.Day, dayStarts.ToList()) })
            {
                var latest = PointInTime.LatestVisibleStart(resolution, asOf);
                foreach (var start in starts)
                    if (start <= latest != PointInTime.AvailableAt(resolution, start) <= asOf)
                        disagreements.Add($"{resolution} bar at {start:O}, as of {asOf:O}");
            }
        }
        Assert.Empty(disagreements);
    }

    [Fact]
    public void ToBar_gives_adjusted_prices_by_default_and_raw_ones_on_request()
    {
        var bar = new HistoryBar("005930", BarResolution.Day, Kst(Tue, 0, 0), 50_000, 51_000, 49_000, 50_500, 10_000, 10_200, 9_800, 10_100, 7, 350_000, "kis", Kst(Tue, 16, 0));

        Assert.Equal(new Bar(Kst(Tue, 0, 0), 10_000, 10_200, 9_800, 10_100, 7, 350_000), bar.ToBar());
        Assert.Equal(new Bar(Kst(Tue, 0, 0), 50_000, 51_000, 49_000, 50_500, 7, 350_000), bar.ToBar(adjusted: false));
    }

    [Fact]
    public void Index_codes_are_four_digits_and_instrument_codes_six_characters()
    {
        Assert.True(MarketIndexes.IsIndex(MarketIndexes.Kospi));
        Assert.True(MarketIndexes.IsIndex(MarketIndexes.Kosdaq));
        Assert.False(MarketIndexes.IsIndex("005930"));
        Assert.True(MarketIndexes.IsInstrumentCode("0000J0"));
        Assert.False(MarketIndexes.IsInstrumentCode("0001"));
    }
}
