using KisTrader.Kis;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Rest;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>Success and failure are decided by the body, whatever the HTTP status (KIS_API.md §3.3).</summary>
public sealed class KisResponseReaderTests
{
    [Fact]
    public void Success_TrimsPaddedMsg1_AndKeepsTrCont()
    {
        var response = Golden.Response("inquire_balance", "VTTC8434R", 200, "M");

        Assert.Equal("조회가 완료되었습니다", response.Msg1);
        Assert.Equal("KIOK0510", response.MsgCd);
        Assert.True(response.HasMorePages);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(200)]
    public void RateLimitError_IsAnApiExceptionWithItsCode_OnAnyStatus(int status)
    {
        var ex = Assert.Throws<KisApiException>(() => Golden.Response("error_egw00201", "FHKST01010100", status));

        Assert.Equal("EGW00201", ex.MsgCd);
        Assert.Equal("1", ex.RtCd);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal("FHKST01010100", ex.TrId);
        Assert.Equal("초당 거래건수를 초과하였습니다.", ex.Msg1);
    }

    [Fact]
    public void BusinessReject_OnHttp200_HasTrimmedMessage()
    {
        var ex = Assert.Throws<KisApiException>(() => Golden.Response("error_apbk0919", "TTTC0012U"));

        Assert.Equal("APBK0919", ex.MsgCd);
        Assert.Equal("주문가능금액을 초과 했습니다", ex.Msg1);
    }

    [Fact]
    public void ValidationError_WithRtCd2_IsAFailure()
    {
        Assert.Equal("OPSQ2001", Assert.Throws<KisApiException>(() => Golden.Response("error_opsq2001")).MsgCd);
    }

    [Fact]
    public void OAuthStyleError_On403_CarriesErrorCodeAsMsgCd()
    {
        var ex = Assert.Throws<KisApiException>(() => KisOAuthClient.Read("tokenP", 403, Golden.Bytes("error_egw00133")));

        Assert.Equal("EGW00133", ex.MsgCd);
        Assert.Equal(403, ex.HttpStatus);
        Assert.Contains("1분당 1회", ex.Msg1);
    }

    [Fact]
    public void OAuthStyleError_OnARestPath_IsAlsoRead()
    {
        Assert.Equal("EGW00133", Assert.Throws<KisApiException>(() => Golden.Response("error_egw00133", status: 403)).MsgCd);
    }

    [Fact]
    public void Http500WithoutBody_IsAnApiExceptionWithoutCode()
    {
        var ex = Assert.Throws<KisApiException>(() => KisResponseReader.Read("T", 500, null, []));

        Assert.Null(ex.MsgCd);
        Assert.Equal(500, ex.HttpStatus);
    }

    [Fact]
    public void Http200WithHtml_IsAFormatError()
    {
        Assert.Equal("(body)", Assert.Throws<KisResponseFormatException>(() => KisResponseReader.Read("T", 200, null, "<html>maintenance</html>"u8)).Field);
    }

    [Fact]
    public void SuccessBodyWithoutRtCd_IsAFormatErrorNamingRtCd()
    {
        Assert.Equal("rt_cd", Assert.Throws<KisResponseFormatException>(() => KisResponseReader.Read("T", 200, null, """{"output":{}}"""u8)).Field);
    }

    [Fact]
    public void Continuation_ReturnsCtxAreaKeysUnchangedAndUpperCased()
    {
        var response = Golden.Response("inquire_balance");
        var keys = response.Continuation();

        Assert.Equal("50001234^01^N^N^01^01^N^" + new string(' ', 74), keys["CTX_AREA_FK100"]);
        Assert.Equal(new string(' ', 100), keys["CTX_AREA_NK100"]);
    }
}
