using System.Text.Json;
using KisTrader.Kis.Realtime;
using KisTrader.Kis.Realtime.Parsing;

namespace KisTrader.Tests.Kis.Realtime;

public sealed class ControlAndSubscriptionMessageTests
{
    [Fact]
    public void SubscriptionMessage_HasExactlyTheSection62Shape()
    {
        var json = SubscriptionMessage.Build("approval-xyz", new Registration("H0STCNT0", "005930"), register: true);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(["header", "body"], root.EnumerateObject().Select(p => p.Name));
        var header = root.GetProperty("header");
        Assert.Equal(["approval_key", "custtype", "tr_type", "content-type"], header.EnumerateObject().Select(p => p.Name));
        Assert.Equal("approval-xyz", header.GetProperty("approval_key").GetString());
        Assert.Equal("P", header.GetProperty("custtype").GetString());
        Assert.Equal("1", header.GetProperty("tr_type").GetString());
        Assert.Equal("utf-8", header.GetProperty("content-type").GetString());
        var input = root.GetProperty("body").GetProperty("input");
        Assert.Equal("H0STCNT0", input.GetProperty("tr_id").GetString());
        Assert.Equal("005930", input.GetProperty("tr_key").GetString());
    }

    [Fact]
    public void SubscriptionMessage_Unregister_UsesTrType2()
    {
        using var doc = JsonDocument.Parse(SubscriptionMessage.Build("k", new Registration("H0STASP0", "000660"), register: false));
        Assert.Equal("2", doc.RootElement.GetProperty("header").GetProperty("tr_type").GetString());
    }

    [Fact]
    public void ControlMessage_Ack_ReadsCodesAndKeys()
    {
        const string ack = """
            {"header":{"tr_id":"H0STCNI0","tr_key":"myhtsid","encrypt":"Y"},
             "body":{"rt_cd":"0","msg_cd":"OPSP0000","msg1":"SUBSCRIBE SUCCESS   ","output":{"iv":"0123456789abcdef","key":"0123456789abcdef0123456789abcdef"}}}
            """;
        var m = ControlMessage.Parse(ack);

        Assert.Equal("H0STCNI0", m.TrId);
        Assert.Equal("myhtsid", m.TrKey);
        Assert.True(m.IsSuccess);
        Assert.Equal("OPSP0000", m.MsgCd);
        Assert.Equal("SUBSCRIBE SUCCESS", m.Msg1);
        Assert.Equal("0123456789abcdef0123456789abcdef", m.Key);
        Assert.Equal("0123456789abcdef", m.Iv);
        Assert.False(m.IsPingPong);
    }

    [Fact]
    public void ControlMessage_PingPong_IsRecognised() =>
        Assert.True(ControlMessage.Parse("""{"header":{"tr_id":"PINGPONG","datetime":"20250303100000"}}""").IsPingPong);

    [Fact]
    public void ControlMessage_InvalidJson_ThrowsMalformed() =>
        Assert.Throws<MalformedFrameException>(() => ControlMessage.Parse("{not json"));

    [Theory]
    [InlineData(2025, 3, 3, 9, 0, true)]    // Monday 09:00 KST
    [InlineData(2025, 3, 3, 15, 29, true)]
    [InlineData(2025, 3, 3, 15, 30, false)]
    [InlineData(2025, 3, 3, 8, 59, false)]
    [InlineData(2025, 3, 8, 10, 0, false)]  // Saturday
    public void KrxSessionHours_IsTheRegularSessionInKst(int y, int mo, int d, int h, int mi, bool open) =>
        Assert.Equal(open, KrxSessionHours.IsRegularSession(new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.FromHours(9)).ToUniversalTime()));

    [Fact]
    public void ReconnectBackoff_DoublesAndCapsAndJittersWithinAQuarter()
    {
        var b = new ReconnectBackoff();
        Assert.Equal(TimeSpan.FromSeconds(0.5), b.DelayFor(1, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(1), b.DelayFor(2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), b.DelayFor(20, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(0.375), b.DelayFor(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(30), b.DelayFor(20, 1)); // never above the cap
    }
}
