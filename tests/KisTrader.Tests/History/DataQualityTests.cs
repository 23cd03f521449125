using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Testing;
using KisTrader.Core.InMemory;

namespace KisTrader.Tests.History;

public sealed class DataQualityTests
{
    private static readonly DateTimeOffset Collected = new(2026, 12, 4, 18, 0, 0, KoreaTime.Offset);
    private static readonly KrxCalendar Calendar = new();

    private static HistoryBar Day(DateOnly d, decimal close, long volume = 1_000, string ticker = "005930") =>
        HistoryBar.Daily(ticker, d, close, close, close, close, volume, close * volume, "kis", Collected);

    /// <summary>Trading days of 2026-11 from the 2nd (a Monday) on, per the calendar (no November holiday).</summary>
    private static List<DateOnly> Sessions(int count)
    {
        var days = new List<DateOnly>();
        for (var d = new DateOnly(2026, 11, 2); days.Count < count; d = d.AddDays(1))
            if (Calendar.IsTradingDay(d)) days.Add(d);
        return days;
    }

    [Fact]
    public void Clean_bars_give_a_report_with_every_check_at_zero()
    {
        var days = Sessions(10);
        var report = new DataQualityChecker(Calendar).Check("005930", days.Select((d, i) => Day(d, 70_000m + i * 100)));

        Assert.True(report.IsClean, string.Join("; ", report.Findings.SelectMany(f => f.Examples).Select(e => e.Detail)));
        Assert.Equal((10, days[0], days[^1]), (report.Bars, report.First, report.Last));
        Assert.Equal(Enum.GetValues<DataQualityCheck>(), report.Findings.Select(f => f.Check));
    }

    [Fact]
    public void Each_planted_defect_is_counted_under_its_check_with_the_day_as_example()
    {
        var days = Sessions(12);
        var bars = days.Select((d, i) => Day(d, 70_000m + i * 100)).ToList();
        var missing = days[3];
        bars.RemoveAt(3);
        bars[4] = bars[4] with { Volume = 0 };                                            // days[5]
        bars[6] = Day(days[7], 100_000m);                                                 // +41% on days[7]...
        bars[7] = Day(days[8], 70_800m);                                                  // ...and −29% back: within the limit
        bars[8] = bars[8] with { High = 70_950m };                                        // days[9]: off the 100-won grid
        bars.Add(Day(days[10], 71_000m) with { Source = "simulator" });                   // a second bar of days[10]

        var report = new DataQualityChecker(Calendar).Check("005930", bars);

        Assert.Equal([missing], report[DataQualityCheck.MissingSession].Examples.Select(e => e.Date));
        Assert.Equal([days[5]], report[DataQualityCheck.ZeroVolume].Examples.Select(e => e.Date));
        Assert.Equal([days[7]], report[DataQualityCheck.BeyondDailyLimit].Examples.Select(e => e.Date));
        Assert.Contains("close +41.", report[DataQualityCheck.BeyondDailyLimit].Examples[0].Detail);
        Assert.Equal([days[9]], report[DataQualityCheck.OffGrid].Examples.Select(e => e.Date));
        Assert.Contains("high 70,950", report[DataQualityCheck.OffGrid].Examples[0].Detail);
        Assert.Equal([days[10]], report[DataQualityCheck.Duplicate].Examples.Select(e => e.Date));
        Assert.Equal(5, report.IssueCount);
        Assert.Equal(12, report.Bars);
    }

    [Fact]
    public void A_split_the_adjusted_prices_explain_is_reported_as_a_corporate_action_with_its_adjusted_move_quoted()
    {
        var days = Sessions(2);
        var split = Day(days[1], 14_000m) with { AdjustedOpen = 70_000m, AdjustedHigh = 70_000m, AdjustedLow = 70_000m, AdjustedClose = 70_000m };

        var report = new DataQualityChecker(Calendar).Check("005930", [Day(days[0], 70_000m), split]);

        Assert.Equal(0, report[DataQualityCheck.BeyondDailyLimit].Count);
        var action = Assert.Single(report.CorporateActions);
        Assert.Contains("close -80.0%, adjusted close +0.0%", action.Detail);
    }

    [Fact]
    public void Examples_are_capped_but_the_count_is_not()
    {
        var bars = Sessions(20).Select(d => Day(d, 70_000m, volume: 0));

        var finding = new DataQualityChecker(Calendar, examplesPerCheck: 3).Check("005930", bars)[DataQualityCheck.ZeroVolume];

        Assert.Equal((20, 3), (finding.Count, finding.Examples.Count));
    }

    [Fact]
    public void A_weekday_the_market_did_not_trade_is_no_missing_session_when_the_sessions_are_given()
    {
        // A calendar without the holiday (here: weekends only) takes 2019-10-03 (a Thursday, National Foundation Day) for a
        // trading day; the KOSPI index's bars say the market was closed. The built-in KRX list knows it.
        DateOnly[] traded = [new(2019, 10, 1), new(2019, 10, 2), new(2019, 10, 4)];
        var bars = traded.Select(d => Day(d, 50_000m)).ToList();

        var byCalendar = new DataQualityChecker(KrxCalendar.WeekendsOnly).Check("005930", bars);
        var bySessions = new DataQualityChecker(KrxCalendar.WeekendsOnly).Check("005930", bars, traded.ToHashSet());
        var byBuiltInList = new DataQualityChecker(Calendar).Check("005930", bars);

        Assert.Equal([new DateOnly(2019, 10, 3)], byCalendar[DataQualityCheck.MissingSession].Examples.Select(e => e.Date));
        Assert.Equal(0, byBuiltInList[DataQualityCheck.MissingSession].Count);
        Assert.Equal(0, bySessions[DataQualityCheck.MissingSession].Count);
    }

    [Fact]
    public async Task The_service_reports_every_stored_instrument_taking_sessions_from_the_KOSPI_index()
    {
        var store = new InMemoryMarketHistory();
        DateOnly[] traded = [new(2019, 10, 1), new(2019, 10, 2), new(2019, 10, 4), new(2019, 10, 7)];
        await store.UpsertAsync([
            .. traded.Select(d => Day(d, 2_000m, ticker: MarketIndexes.Kospi)),
            .. traded.Where(d => d != new DateOnly(2019, 10, 4)).Select(d => Day(d, 50_000m)),
            .. traded.Select(d => Day(d, 100_000m, volume: 0, ticker: "000660")),
        ]);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 20, 0, 0, KoreaTime.Offset));

        var reports = await new DataQualityService(store, Calendar, time).ReportAsync();

        Assert.Equal([MarketIndexes.Kospi, "000660", "005930"], reports.Select(r => r.Ticker));
        Assert.Equal([new DateOnly(2019, 10, 4)], reports[2][DataQualityCheck.MissingSession].Examples.Select(e => e.Date));
        Assert.Equal(0, reports[1][DataQualityCheck.MissingSession].Count);
        Assert.Equal(4, reports[1][DataQualityCheck.ZeroVolume].Count);
    }
}
