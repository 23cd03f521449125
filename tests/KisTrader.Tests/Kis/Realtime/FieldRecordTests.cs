using System.Globalization;
using KisTrader.Kis.Realtime.Parsing;

namespace KisTrader.Tests.Kis.Realtime;

/// <summary>FieldRecord reads fields in place, with fast paths for the common shapes (issue 18, goal 1); these pin that
/// every reading is the one the general parsers give.</summary>
public sealed class FieldRecordTests
{
    private static FieldRecord Record(string payload) => RealtimeFrameParser.SplitRecords("T", payload, 1, 1)[0];

    [Theory]
    [InlineData("71900")]
    [InlineData("-100")]
    [InlineData("+100")]
    [InlineData("-0.14")]
    [InlineData("84.760")]
    [InlineData("0.00")]
    [InlineData("00012.50")]
    [InlineData("219853241700")]
    [InlineData("999999999999999999")]
    [InlineData("1234567890123456789")]
    [InlineData("-0")]
    [InlineData("-0.00")]
    [InlineData("12.")]
    [InlineData(".5")]
    [InlineData(" 7 ")]
    public void Decimal_ReadsWhatDecimalTryParseReads_ValueAndScale(string text)
    {
        var expected = decimal.Parse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var read = Record("x^" + text).Decimal(1, "F");
        Assert.Equal(expected, read);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), read.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(read));
    }

    [Theory]
    [InlineData("1,000")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    public void Decimal_NotANumber_IsMalformed(string text) =>
        Assert.Throws<MalformedFrameException>(() => Record("x^" + text).Decimal(1, "F"));

    [Theory]
    [InlineData("", null)]
    [InlineData("(null)", null)]
    [InlineData("   ", null)]
    [InlineData(" A1 ", "A1")]
    public void Text_TrimsAndReadsMissingAsNull(string field, string? expected)
    {
        var r = Record("x^" + field + "^y");
        Assert.Equal(expected, r.Text(1));
        Assert.Equal(field, r[1]);
        Assert.Equal(expected is not null, r.Is(1, expected ?? "(null)"));
    }

    [Theory]
    [InlineData("093354", 9, 33, 54)]
    [InlineData("000000", 0, 0, 0)]
    [InlineData("235959", 23, 59, 59)]
    public void Time_ReadsHhmmss(string text, int h, int m, int s) =>
        Assert.Equal(new TimeOnly(h, m, s), Record("x^" + text).Time(1, "T"));

    [Theory]
    [InlineData("240000")]
    [InlineData("096000")]
    [InlineData("0933")]
    [InlineData("09335a")]
    public void Time_Invalid_IsMalformed(string text) =>
        Assert.Throws<MalformedFrameException>(() => Record("x^" + text).Time(1, "T"));

    [Theory]
    [InlineData("20240229", 2024, 2, 29)]
    [InlineData("20231231", 2023, 12, 31)]
    public void OptionalDate_ReadsYyyymmdd(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), Record("x^" + text).OptionalDate(1, "D"));

    [Theory]
    [InlineData("20230229")]
    [InlineData("20231301")]
    [InlineData("00001231")]
    [InlineData("2023121")]
    public void OptionalDate_Invalid_IsMalformed(string text) =>
        Assert.Throws<MalformedFrameException>(() => Record("x^" + text).OptionalDate(1, "D"));

    [Fact]
    public void Header_IsReadInPlace_PayloadWithoutTrailingLineBreak()
    {
        const string text = "0|H0STCNT0|002|a^b^c^d\r\n";
        var header = RealtimeFrameParser.ParseHeader(text);
        Assert.Equal("a^b^c^d", text.Substring(header.PayloadStart, header.PayloadLength));
        Assert.Same(global::KisTrader.Kis.Realtime.RealtimeTrIds.Trades, header.TrId);
        Assert.Equal(2, header.RecordCount);
    }
}
