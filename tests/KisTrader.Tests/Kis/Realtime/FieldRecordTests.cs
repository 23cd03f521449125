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
    [InlineData("1,000")]
    [InlineData("1e3")]
    [InlineData("1.5")]
    [InlineData("--1")]
    [InlineData("+")]
    [InlineData("99999999999999999999")]
    public void Long_NotAWholeNumber_IsMalformed_NamingTheField(string text)
    {
        var ex = Assert.Throws<MalformedFrameException>(() => Record("x^" + text).Long(1, "ACML_VOL"));
        Assert.Equal("ACML_VOL (field 1) is not a whole number", ex.Message);
    }

    [Fact]
    public void Decimal_NotANumber_NamesTheField() =>
        Assert.Equal("PRDY_CTRT (field 1) is not a number",
            Assert.Throws<MalformedFrameException>(() => Record("x^1.2.3").Decimal(1, "PRDY_CTRT")).Message);

    [Theory]
    [InlineData("")]
    [InlineData("(null)")]
    [InlineData("  ")]
    public void Numbers_Missing_ReadAsZeroOrNull(string text)
    {
        var r = Record("x^" + text + "^y");
        Assert.Equal(0m, r.Decimal(1, "F"));
        Assert.Null(r.OptionalDecimal(1, "F"));
        Assert.Equal(0L, r.Long(1, "F"));
    }

    /// <summary>Seeded strings of the shapes KIS sends and their edge cases (sign, leading zeros, zero, trailing zeros
    /// in the fraction, 1 to 29 digits, the longest sums such as ACML_TR_PBMN beyond a long): the fast readers give the
    /// general parsers' value and scale, and reject what they reject.</summary>
    [Fact]
    public void Numbers_ReadWhatTheGeneralParsersRead_OverGeneratedStrings()
    {
        var random = new Random(18);
        var inv = CultureInfo.InvariantCulture;
        for (var n = 0; n < 20_000; n++)
        {
            var text = GeneratedNumber(random);
            var r = Record("x^" + text);
            var decimalOk = decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, inv, out var expected);
            if (decimalOk)
                Assert.True(decimal.GetBits(expected).SequenceEqual(decimal.GetBits(r.Decimal(1, "F"))), $"decimal '{text}'");
            else
                Assert.Throws<MalformedFrameException>(() => r.Decimal(1, "F"));
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var whole))
                Assert.True(whole == r.Long(1, "F"), $"long '{text}'");
            else
                Assert.Throws<MalformedFrameException>(() => r.Long(1, "F"));
        }
    }

    private static string GeneratedNumber(Random random)
    {
        var sb = new System.Text.StringBuilder();
        var sign = random.Next(6);
        if (sign == 0) sb.Append('-');
        else if (sign == 1) sb.Append('+');
        // Mostly lengths a long holds, often at its edge (18, 19 digits), sometimes a decimal's 28-29.
        var digits = random.Next(4) switch { 0 => random.Next(1, 6), 1 => random.Next(6, 18), 2 => random.Next(17, 21), _ => random.Next(20, 30) };
        var zeros = random.Next(4) == 0 ? random.Next(1, 4) : 0;
        sb.Append('0', zeros);
        for (var d = 0; d < digits; d++)
            sb.Append((char)('0' + (d == 0 && random.Next(3) > 0 ? random.Next(1, 10) : random.Next(10))));
        if (random.Next(3) == 0)
        {
            sb.Append('.');
            var fraction = random.Next(0, 5);
            for (var d = 0; d < fraction; d++)
                sb.Append((char)('0' + (random.Next(2) == 0 ? 0 : random.Next(10))));
        }
        switch (random.Next(40))
        {
            case 0: sb.Insert(random.Next(sb.Length + 1), 'x'); break;
            case 1: sb.Insert(random.Next(sb.Length + 1), '.'); break;
            case 2: sb.Clear().Append(sign == 0 ? "-" : "+"); break;
            case 3: sb.Clear().Append(random.Next(2) == 0 ? "0" : "-0"); break;
        }
        return sb.ToString();
    }

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
