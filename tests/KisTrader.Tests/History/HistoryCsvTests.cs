using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Tests.History;

public sealed class HistoryCsvTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 0, 0, KoreaTime.Offset);

    private static HistoryCsvResult Parse(string text, string file = "/data/in/prices.csv") =>
        HistoryCsv.Parse(new StringReader(text), file, Now);

    [Fact]
    public void A_valid_file_gives_daily_bars_with_adjusted_equal_to_raw_and_the_file_as_source()
    {
        var r = Parse("""
            code,date,open,high,low,close,volume
            005930,2026-12-01,71000,72500,70800,72000,12345678
            "000660","2026-12-01","150000","151000","149000","150500","200"
            0001,2026-12-01,2501.37,2530.5,2498.01,2520.99,400000000

            """);

        Assert.True(r.Ok, string.Join("; ", r.Errors));
        Assert.Equal(3, r.Bars.Count);
        var b = r.Bars[0];
        Assert.Equal(("005930", new DateOnly(2026, 12, 1), BarResolution.Day), (b.Ticker, b.Date, b.Resolution));
        Assert.Equal((71_000m, 72_500m, 70_800m, 72_000m, 12_345_678L), (b.Open, b.High, b.Low, b.Close, b.Volume));
        Assert.Equal((b.Open, b.High, b.Low, b.Close), (b.AdjustedOpen, b.AdjustedHigh, b.AdjustedLow, b.AdjustedClose));
        Assert.Equal("csv:prices.csv", b.Source);
        Assert.Equal(Now, b.CollectedAt);
        Assert.Equal(2_520.99m, r.Bars[2].Close);
    }

    [Theory]
    [InlineData("005930,2026-12-01,71000.5,72500,70800,72000,1", "open '71000.5' is not a positive whole number of won")]
    [InlineData("005930,2026-12-01,71000,72500,70800,abc,1", "close 'abc' is not a positive whole number of won")]
    [InlineData("005930,2026-12-01,71000,70000,70800,70900,1", "high 70000 is below low 70800")]
    [InlineData("005930,2026-12-01,73000,72500,70800,72000,1", "open 73000 is outside the day's range low 70800 – high 72500")]
    [InlineData("005930,2026-12-01,71000,72500,70800,70000,1", "close 70000 is outside the day's range low 70800 – high 72500")]
    [InlineData("005930,2026-12-01,71000,72500,70800,72000,-5", "volume -5 is negative")]
    [InlineData("005930,01/12/2026,71000,72500,70800,72000,1", "date '01/12/2026' is not in the format yyyy-MM-dd")]
    [InlineData("005930,2026-12-01,71010,72500,70800,72000,1", "open 71010 is off the KRX tick grid in force on 2026-12-01")]
    [InlineData("0001,2026-12-01,2501.375,2530.5,2498.01,2520.99,1", "open '2501.375' is not a positive number of index points with at most two decimals")]
    [InlineData("59X,2026-12-01,71000,72500,70800,72000,1", "code '59X' is neither")]
    [InlineData("005930,2026-12-01,71000,72500,70800,72000", "expected 7 fields")]
    public void A_bad_row_is_refused_with_its_line_number_and_reason_and_no_bar_is_returned(string row, string reason)
    {
        var r = Parse($"code,date,open,high,low,close,volume\n005930,2026-11-30,70000,70000,70000,70000,1\n{row}\n");

        Assert.False(r.Ok);
        Assert.Empty(r.Bars);
        var e = Assert.Single(r.Errors);
        Assert.Equal(3, e.Line);
        Assert.Contains(reason, e.Reason);
    }

    [Theory]
    [InlineData("005930,2026-12-01,71000,72500,70800,72000,1,NASDAQ,", "market 'NASDAQ' is not KOSPI, KOSDAQ or KONEX")]
    [InlineData("005930,2026-12-01,71000,72500,70800,72000,1,KOSDAQ,", "market KOSDAQ of 005930 contradicts KOSPI on line 2")]
    [InlineData("005930,2026-12-01,71000,72500,70800,72000,1,KOSPI,-3", "adj_close '-3' is not a positive number")]
    [InlineData("0001,2026-12-01,2501.37,2530.5,2498.01,2520.99,1,KOSPI,", "index 0001 has no market")]
    public void A_bad_optional_column_is_refused_with_its_line_number_and_reason(string row, string reason)
    {
        var r = Parse($"code,date,open,high,low,close,volume,market,adj_close\n005930,2026-11-30,70000,70000,70000,70000,1,kospi,\n{row}\n");

        var e = Assert.Single(r.Errors);
        Assert.Equal(3, e.Line);
        Assert.Contains(reason, e.Reason);
        Assert.Empty(r.Bars);
    }

    [Fact]
    public void An_unknown_extra_column_is_refused_in_the_header()
    {
        var r = Parse("code,date,open,high,low,close,volume,sector\n005930,2026-12-01,71000,72500,70800,72000,1,IT\n");

        Assert.Contains("optionally followed by adj_close and/or market", Assert.Single(r.Errors).Reason);
    }

    [Fact]
    public void A_duplicate_code_and_date_is_refused_naming_the_first_line()
    {
        var r = Parse("code,date,open,high,low,close,volume\n005930,2026-12-01,71000,72500,70800,72000,1\n000660,2026-12-01,150000,150000,150000,150000,1\n005930,2026-12-01,71000,72500,70800,72000,1\n");

        var e = Assert.Single(r.Errors);
        Assert.Equal(4, e.Line);
        Assert.Contains("duplicate of line 2", e.Reason);
    }

    [Fact]
    public void Every_bad_row_is_listed_not_only_the_first()
    {
        var r = Parse("code,date,open,high,low,close,volume\nx,2026-12-01,1,1,1,1,1\n005930,2026-12-01,71000,72500,70800,72000,1\n005930,2026-13-01,1,1,1,1,1\n");

        Assert.Equal([2, 4], r.Errors.Select(e => e.Line));
        Assert.Empty(r.Bars);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ticker,date,open,high,low,close,volume\n005930,2026-12-01,71000,72500,70800,72000,1\n")]
    public void A_missing_or_wrong_header_is_refused_on_line_1(string text)
    {
        var e = Assert.Single(Parse(text).Errors);
        Assert.Equal(1, e.Line);
        Assert.Contains("code,date,open,high,low,close,volume", e.Reason);
    }

    [Fact]
    public void The_grid_of_the_rows_date_applies_before_2023_a_KOSDAQ_price_on_its_old_grid_passes()
    {
        // 2022: KOSDAQ's tick above 50,000 was 100 won (KOSPI's above 100,000 was 500); 150,100 is on KOSDAQ's grid.
        var r = Parse("code,date,open,high,low,close,volume\n091990,2022-06-02,150100,150100,150100,150100,1\n");
        Assert.True(r.Ok, string.Join("; ", r.Errors));
        // Since 2023-01-25 one table for both markets (100 won between 50,000 and 200,000): 150,050 is off it.
        Assert.False(Parse("code,date,open,high,low,close,volume\n091990,2023-06-02,150050,150050,150050,150050,1\n").Ok);
    }

    [Fact]
    public void A_file_name_longer_than_a_source_may_be_is_cut_to_fit()
    {
        var r = Parse("code,date,open,high,low,close,volume\n005930,2026-12-01,71000,72500,70800,72000,1\n", "/in/" + new string('p', 300) + ".csv");

        Assert.Equal(HistoryBar.MaxSourceLength, r.Bars[0].Source.Length);
        Assert.Null(r.Bars[0].KeyProblem());
    }

    [Fact]
    public void Written_bars_parse_back_to_the_same_prices_and_volumes()
    {
        var bars = Parse("code,date,open,high,low,close,volume\n005930,2026-12-01,71000,72500,70800,72000,12345678\n0001,2026-12-01,2501.37,2530.5,2498.01,2520.99,400000000\n").Bars;
        var w = new StringWriter();

        HistoryCsv.Write(w, bars);

        Assert.Equal("code,date,open,high,low,close,volume\n005930,2026-12-01,71000,72500,70800,72000,12345678\n0001,2026-12-01,2501.37,2530.5,2498.01,2520.99,400000000\n", w.ToString());
        Assert.Equal(bars, Parse(w.ToString()).Bars);
    }
}
