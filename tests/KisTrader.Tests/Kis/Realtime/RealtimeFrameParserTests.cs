using KisTrader.Kis.Realtime.Parsing;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

public sealed class RealtimeFrameParserTests
{
    [Theory]
    [InlineData("{\"header\":{\"tr_id\":\"PINGPONG\"}}", RealtimeMessageKind.Control)]
    [InlineData("0|H0STCNT0|001|005930^093354", RealtimeMessageKind.Data)]
    [InlineData("1|H0STCNI0|001|abcd", RealtimeMessageKind.Data)]
    [InlineData("hello", RealtimeMessageKind.Unknown)]
    [InlineData("", RealtimeMessageKind.Unknown)]
    public void Classify_UsesTheFirstCharacter(string text, RealtimeMessageKind expected) =>
        Assert.Equal(expected, RealtimeFrameParser.Classify(text));

    [Fact]
    public void ParseFrame_SplitsHeaderAndKeepsPayloadIntact()
    {
        var frame = RealtimeFrameParser.ParseFrame("0|H0STCNT0|004|a^b|c");
        Assert.Equal(new RealtimeFrame(false, "H0STCNT0", 4, "a^b|c"), frame);
    }

    [Theory]
    [InlineData("0|H0STCNT0|001")]        // no payload part
    [InlineData("2|H0STCNT0|001|x")]      // unknown encryption flag
    [InlineData("0||001|x")]              // no TR ID
    [InlineData("0|H0STCNT0|000|x")]      // zero records
    [InlineData("0|H0STCNT0|-01|x")]      // not digits
    public void ParseFrame_BadHeader_ThrowsMalformed(string text) =>
        Assert.Throws<MalformedFrameException>(() => RealtimeFrameParser.ParseFrame(text));

    [Fact]
    public void SplitRecords_FieldsNotDivisibleByCount_ThrowsMalformed() =>
        Assert.Throws<MalformedFrameException>(() => RealtimeFrameParser.SplitRecords("T", "a^b^c", 2, 1));

    [Fact]
    public void SplitRecords_ToleratesOneTrailingSeparator()
    {
        var records = RealtimeFrameParser.SplitRecords("T", "a^b^c^d^", 2, 2);
        Assert.Equal(2, records.Count);
        Assert.Equal("c", records[1][0]);
    }

    [Theory]
    [InlineData("Malformed_bad_count.txt")]
    [InlineData("Malformed_count_not_number.txt")]
    [InlineData("Malformed_bad_number.txt")]
    [InlineData("Malformed_too_few_fields.txt")]
    [InlineData("Malformed_bad_time.txt")]
    [InlineData("Malformed_bad_base64.txt")]
    public void Decode_MalformedGoldenFrame_ThrowsMalformed(string golden)
    {
        using var cipher = new FrameCipher(GoldenFrames.TestKey, GoldenFrames.TestIv);
        Assert.Throws<MalformedFrameException>(() =>
            RealtimeFrameDecoder.Decode(GoldenFrames.Read(golden), _ => cipher, new DateOnly(2025, 3, 3)));
    }

    [Fact]
    public void Decode_EncryptedFrameWithoutACapturedKey_ThrowsMalformed()
    {
        var frame = GoldenFrames.EncryptedFrame("H0STCNI0", 1, GoldenFrames.Read("H0STCNI0_fill_26.plain.txt"));
        Assert.Throws<MalformedFrameException>(() => RealtimeFrameDecoder.Decode(frame, _ => null, new DateOnly(2025, 3, 3)));
    }

    [Fact]
    public void Decode_UnknownTr_IsReportedAsUnknownWithoutEvents()
    {
        var decoded = RealtimeFrameDecoder.Decode("0|H0STANC0|001|005930^090000", _ => null, new DateOnly(2025, 3, 3));
        Assert.False(decoded.KnownTr);
        Assert.Empty(decoded.Events);
    }
}
