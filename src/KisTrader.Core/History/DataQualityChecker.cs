using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>Checks one instrument's daily bars: missing sessions against the KRX calendar, zero-volume days, moves beyond
/// the ±30% daily limit from the previous close, off-grid prices and duplicate days. Pure: the bars in, a report out.</summary>
public sealed class DataQualityChecker(KrxCalendar calendar, int examplesPerCheck = 5)
{
    /// <param name="ticker">The instrument (or index) the bars belong to.</param>
    /// <param name="bars">Its daily bars, in any order.</param>
    /// <param name="sessions">Optional: the days the market is known to have traded (e.g. the KOSPI index's bars). The
    /// holiday list of <see cref="KrxCalendar"/> is built in for 2010–2027 plus what is configured, and may miss a closure
    /// announced late; a weekday outside this set is taken for a holiday the calendar does not know, not a missing session. Null: the calendar alone decides.</param>
    public DataQualityReport Check(string ticker, IEnumerable<HistoryBar> bars, IReadOnlySet<DateOnly>? sessions = null)
    {
        var issues = new List<DataQualityIssue>();
        var ordered = bars.Where(b => b.Resolution == BarResolution.Day).OrderBy(b => b.Time).ToList();
        var days = new List<HistoryBar>(ordered.Count);
        foreach (var b in ordered)
        {
            if (days.Count > 0 && days[^1].Date == b.Date)
            {
                issues.Add(new(DataQualityCheck.Duplicate, b.Date, $"a second bar for {b.Date:yyyy-MM-dd} (source {b.Source}); the first is checked"));
                continue;
            }
            days.Add(b);
        }

        if (days.Count > 0)
        {
            var have = days.Select(d => d.Date).ToHashSet();
            for (var d = days[0].Date; d <= days[^1].Date; d = d.AddDays(1))
                if (calendar.IsTradingDay(d) && !have.Contains(d) && (sessions is null || sessions.Contains(d)))
                    issues.Add(new(DataQualityCheck.MissingSession, d, $"no bar for the trading day {d:yyyy-MM-dd}"));
        }

        HistoryBar? previous = null;
        var corporateActions = new List<DataQualityIssue>();
        foreach (var b in days)
        {
            if (b.Volume == 0)
                issues.Add(new(DataQualityCheck.ZeroVolume, b.Date, $"volume 0 on {b.Date:yyyy-MM-dd}"));
            foreach (var (name, price) in new[] { ("open", b.Open), ("high", b.High), ("low", b.Low), ("close", b.Close) })
                if (!HistoryTickGrid.IsOnGrid(ticker, price, b.Date))
                    issues.Add(new(DataQualityCheck.OffGrid, b.Date, $"{name} {Won(price)} is off the tick grid of {b.Date:yyyy-MM-dd}"));
            if (previous is not null && BeyondLimit(ticker, previous, b) is { } detail)
            {
                if (ExplainedByAdjustment(previous, b)) corporateActions.Add(new(DataQualityCheck.BeyondDailyLimit, b.Date, "corporate action: " + detail));
                else issues.Add(new(DataQualityCheck.BeyondDailyLimit, b.Date, detail));
            }
            previous = b;
        }

        var findings = Enum.GetValues<DataQualityCheck>()
            .Select(c => Finding(c, [.. issues.Where(i => i.Check == c)]))
            .ToList();
        return new DataQualityReport(ticker, ordered.Count, days.Count > 0 ? days[0].Date : null, days.Count > 0 ? days[^1].Date : null, findings)
        {
            CorporateActions = corporateActions,
        };
    }

    private DataQualityFinding Finding(DataQualityCheck check, List<DataQualityIssue> found) =>
        new(check, found.Count, [.. found.Take(examplesPerCheck)]);

    /// <summary>A description when the bar's high, low or close lies outside the daily limits of the previous close (for
    /// stocks, the limits of either market's tick table; for an index, a plain ±30%), else null. The adjusted move is
    /// quoted so a split the adjustment explains can be told from bad data.</summary>
    private static string? BeyondLimit(string ticker, HistoryBar previous, HistoryBar bar)
    {
        bool Within(decimal p) => MarketIndexes.IsIndex(ticker)
            ? Math.Abs(p / previous.Close - 1m) <= KrxRules.DailyLimitRate
            : KrxRules.DailyLimits(previous.Close, KrxMarket.Kospi, InstrumentKind.Stock, bar.Date).Contains(p)
              || KrxRules.DailyLimits(previous.Close, KrxMarket.Kosdaq, InstrumentKind.Stock, bar.Date).Contains(p);
        if (Within(bar.High) && Within(bar.Low) && Within(bar.Close)) return null;
        var raw = bar.Close / previous.Close - 1m;
        var adjusted = previous.AdjustedClose > 0 ? bar.AdjustedClose / previous.AdjustedClose - 1m : 0m;
        return string.Create(CultureInfo.InvariantCulture,
            $"{bar.Date:yyyy-MM-dd}: high {Won(bar.High)} / low {Won(bar.Low)} / close {Won(bar.Close)} against the previous close {Won(previous.Close)} " +
            $"(close {raw:+0.0%;-0.0%}, adjusted close {adjusted:+0.0%;-0.0%})");
    }

    /// <summary>A raw move beyond the limits is a corporate action, not bad data, when the adjustment changes between the
    /// two days (a split or a consolidation) and the adjusted prices move within ±30% of the adjusted previous close
    /// (plus one percent: adjusted prices are rounded and off the grid).</summary>
    private static bool ExplainedByAdjustment(HistoryBar previous, HistoryBar bar)
    {
        if (previous.AdjustedClose <= 0 || Math.Abs(bar.AdjustmentFactor / previous.AdjustmentFactor - 1m) < HistoryBar.AdjustmentTolerance) return false;
        bool Within(decimal p) => Math.Abs(p / previous.AdjustedClose - 1m) <= KrxRules.DailyLimitRate + 0.01m;
        return Within(bar.AdjustedHigh) && Within(bar.AdjustedLow) && Within(bar.AdjustedClose);
    }

    private static string Won(decimal p) => p.ToString("#,0.##", CultureInfo.InvariantCulture);
}
