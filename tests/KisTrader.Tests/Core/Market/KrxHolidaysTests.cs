using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Market;

/// <summary>The built-in KRX closures 2010–2027: known closures from KRX's own notices (elections, temporary holidays,
/// Seollal and Chuseok spans, substitute days, the year-end closing day) and known trading days around them.</summary>
public sealed class KrxHolidaysTests
{
    private static readonly KrxCalendar Calendar = new();

    [Theory]
    [InlineData("2024-04-10")] // 22nd National Assembly election
    [InlineData("2023-10-02")] // temporary holiday
    [InlineData("2020-08-17")] // temporary holiday
    [InlineData("2017-05-09")] // 19th presidential election
    [InlineData("2022-03-09")] // 20th presidential election
    [InlineData("2025-06-03")] // 21st presidential election
    [InlineData("2024-10-01")] // temporary holiday (Armed Forces Day)
    [InlineData("2025-01-27")] // temporary holiday before Seollal
    [InlineData("2024-02-09")] // Seollal eve (Friday; the day and the day after fell on the weekend)
    [InlineData("2024-02-12")] // Seollal substitute day
    [InlineData("2023-01-23")] // Seollal day after
    [InlineData("2023-01-24")] // Seollal substitute day (the day fell on Sunday)
    [InlineData("2021-02-11")] // Seollal eve
    [InlineData("2012-01-24")] // Seollal day
    [InlineData("2024-09-16")] // Chuseok eve
    [InlineData("2024-09-17")] // Chuseok
    [InlineData("2024-09-18")] // Chuseok day after
    [InlineData("2017-10-04")] // Chuseok
    [InlineData("2017-10-06")] // Chuseok substitute day
    [InlineData("2025-10-08")] // Chuseok substitute day (the eve fell on Sunday)
    [InlineData("2014-09-10")] // first substitute day ever (Chuseok 2014)
    [InlineData("2021-08-16")] // Liberation Day substitute (substitutes extended to national days in 2021)
    [InlineData("2019-05-01")] // Labour Day: KRX closed
    [InlineData("2024-12-31")] // year-end closing day
    [InlineData("2023-12-29")] // year-end closing day moved to the Friday (12-31 a Sunday)
    [InlineData("2022-12-30")] // year-end closing day moved to the Friday (12-31 a Saturday)
    [InlineData("2010-12-31")]
    public void KnownKrxClosures_AreNotTradingDays(string date) =>
        Assert.False(Calendar.IsTradingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), date);

    [Theory]
    [InlineData("2024-04-11")] // the day after the election
    [InlineData("2024-02-13")] // after the Seollal substitute day
    [InlineData("2024-09-19")] // after Chuseok
    [InlineData("2023-12-28")] // 2023's last trading day
    [InlineData("2022-12-29")] // 2022's last trading day
    [InlineData("2024-01-02")] // first trading day of 2024
    [InlineData("2017-07-17")] // Constitution Day stopped being a holiday in 2008
    [InlineData("2020-10-05")] // no substitute for Chuseok 2020 (none of its days fell on a Sunday)
    [InlineData("2010-02-16")] // after Seollal 2010
    public void KnownTradingDays_AreTradingDays(string date) =>
        Assert.True(Calendar.IsTradingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), date);

    [Fact]
    public void TheBuiltInList_ContainsEveryHandCheckedClosureOf2026And2027()
    {
        var builtIn = KrxHolidays.BuiltIn.Select(h => h.Date).ToHashSet();
        var missing = KrxCalendar.DefaultHolidays.Where(d => !builtIn.Contains(d)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    [Fact]
    public void TheBuiltInList_CoversEveryYear_WithWeekdaysOnly_AndAYearEndClosingDay()
    {
        var list = KrxHolidays.BuiltIn;
        Assert.Equal(KrxHolidays.FirstYear, list[0].Date.Year);
        Assert.Equal(KrxHolidays.LastYear, list[^1].Date.Year);
        Assert.All(list, h => Assert.True(h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), h.ToString()));
        for (var y = KrxHolidays.FirstYear; y <= KrxHolidays.LastYear; y++)
        {
            var year = list.Where(h => h.Date.Year == y).ToList();
            Assert.InRange(year.Count, 9, 20); // 2010 has the fewest: most of its holidays fell on weekends
            Assert.Contains(year, h => h.Name == "Year-end closing day" && h.Date.Month == 12 && h.Date.Day >= 29);
        }
    }

    [Fact]
    public void WeekendsOnly_IgnoresTheBuiltInList() =>
        Assert.True(KrxCalendar.WeekendsOnly.IsTradingDay(new DateOnly(2024, 4, 10)));

    [Theory]
    [InlineData("date,source,name\n2024-04-10,krx,x\n2024-04-10,krx,y\n", "line 3: 2024-04-10 is not after the previous date")]
    [InlineData("date,source,name\n2024-4-10,krx,x\n", "line 2: expected yyyy-MM-dd,source,name")]
    [InlineData("2024-04-10,krx,x\n", "the first line must be the header")]
    public void AMalformedList_IsRefusedWithTheLine(string csv, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => KrxHolidays.Parse(csv)).Message);
}
