using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Web.Components.Pages.Data;

namespace KisTrader.ComponentTests.Pages.Data;

public sealed class CoverageTableTests : ComponentTest
{
    private static readonly DateTimeOffset Collected = new(2026, 12, 7, 15, 41, 0, KoreaTime.Offset);

    private static HistoryCoverage Daily(string ticker, int bars) => new(ticker, BarResolution.Day,
        new DateTimeOffset(2024, 1, 2, 0, 0, 0, KoreaTime.Offset), new DateTimeOffset(2026, 12, 7, 0, 0, 0, KoreaTime.Offset), bars, Collected);

    private static DataQualityReport Report(string ticker, int bars, params DataQualityFinding[] findings) =>
        new(ticker, bars, new DateOnly(2024, 1, 2), new DateOnly(2026, 12, 7),
            [.. Enum.GetValues<DataQualityCheck>().Select(c => findings.FirstOrDefault(f => f.Check == c) ?? new DataQualityFinding(c, 0, []))]);

    [Fact]
    public void Nothing_stored_shows_how_to_get_data_instead_of_a_table()
    {
        var cut = Render<CoverageTable>(p => p.Add(c => c.Rows, []));

        Assert.Contains("KisTrader collect", cut.Find("[data-testid=coverage-empty]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=coverage]"));
    }

    [Fact]
    public void Each_instrument_shows_its_coverage_source_and_issue_counts_and_a_click_shows_the_examples()
    {
        var gap = new DataQualityIssue(DataQualityCheck.MissingSession, new DateOnly(2025, 3, 4), "no bar on a trading day");
        var coverage = new[]
        {
            Daily("005930", 700),
            new HistoryCoverage("005930", BarResolution.Minute, Collected.AddHours(-6), Collected.AddMinutes(-12), 380, Collected),
            Daily(MarketIndexes.Kospi, 720),
        };
        var quality = new[]
        {
            Report("005930", 700, new DataQualityFinding(DataQualityCheck.MissingSession, 3, [gap])),
            Report(MarketIndexes.Kospi, 720),
        };
        var rows = DataRow.Join(coverage, quality, new Dictionary<string, string> { ["005930"] = "simulator", [MarketIndexes.Kospi] = "kis" },
            [new HistoryInstrument("005930", KrxMarket.Kospi, "simulator", Collected)]);

        var cut = Render<CoverageTable>(p => p.Add(c => c.Rows, rows));

        var trs = cut.FindAll("[data-testid=coverage-row]");
        Assert.Equal(["0001", "005930"], trs.Select(r => r.GetAttribute("data-ticker")));
        Assert.Contains("(KOSPI)", trs[0].TextContent);
        var samsung = trs[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["005930", "2024-01-02", "2026-12-07", "700", "380", "KOSPI", "2026-12-07 15:41:00", "simulator", "3", "0", "0", "0", "0"], samsung);
        Assert.Equal("–", trs[0].QuerySelector("[data-testid=market]")!.TextContent.Trim());
        Assert.Equal("3", trs[1].GetAttribute("data-issues"));
        Assert.Empty(cut.FindAll("[data-testid=quality-details]"));

        trs[1].Click();

        var example = cut.Find("[data-testid=quality-example]");
        Assert.Contains("2025-03-04: no bar on a trading day", example.TextContent);
        Assert.Contains("and 2 more", cut.Find("[data-testid=quality-details]").TextContent);
    }

    [Fact]
    public void A_split_the_adjusted_prices_explain_is_listed_as_a_corporate_action_and_counts_as_no_issue()
    {
        var split = new DataQualityIssue(DataQualityCheck.BeyondDailyLimit, new DateOnly(2024, 5, 2), "corporate action: close -98.0%, adjusted close +0.4%");
        var rows = DataRow.Join([Daily("005930", 700)], [Report("005930", 700) with { CorporateActions = [split] }], new Dictionary<string, string>());

        var cut = Render<CoverageTable>(p => p.Add(c => c.Rows, rows));
        var tr = cut.Find("[data-testid=coverage-row]");
        Assert.Equal("0", tr.GetAttribute("data-issues"));
        tr.Click();

        Assert.Contains("2024-05-02: corporate action: close -98.0%", cut.Find("[data-testid=corporate-action]").TextContent);
        Assert.Contains("No data-quality issue", cut.Find("[data-testid=quality-details]").TextContent);
    }
}
