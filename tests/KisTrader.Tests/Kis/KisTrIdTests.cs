using KisTrader.Kis;
using KisTrader.Kis.Rest;

namespace KisTrader.Tests.Kis;

public sealed class KisTrIdTests
{
    [Theory]
    [InlineData(KisEnvironmentKind.Real, false, "TTTC8434R", "TTTC0012U", "TTTC0011U", "TTTC0013U", "TTTC0081R", "CTSC9215R", "TTTC0084R")]
    [InlineData(KisEnvironmentKind.Paper, false, "VTTC8434R", "VTTC0012U", "VTTC0011U", "VTTC0013U", "VTTC0081R", "VTSC9215R", "VTTC0084R")]
    [InlineData(KisEnvironmentKind.Simulator, false, "VTTC8434R", "VTTC0012U", "VTTC0011U", "VTTC0013U", "VTTC0081R", "VTSC9215R", "VTTC0084R")]
    [InlineData(KisEnvironmentKind.Real, true, "TTTC8434R", "TTTC0802U", "TTTC0801U", "TTTC0803U", "TTTC8001R", "CTSC9115R", "TTTC8036R")]
    [InlineData(KisEnvironmentKind.Paper, true, "VTTC8434R", "VTTC0802U", "VTTC0801U", "VTTC0803U", "VTTC8001R", "VTSC9115R", "VTTC8036R")]
    public void TrIds_FollowEnvironmentAndLegacySetting(KisEnvironmentKind env, bool legacy, string balance, string buy, string sell, string modify, string ccld, string ccldOld, string psblRvse)
    {
        var ids = new KisTrIds(env, legacy);

        Assert.Equal([balance, buy, sell, modify, ccld, ccldOld, psblRvse],
            [ids.InquireBalance, ids.OrderCashBuy, ids.OrderCashSell, ids.OrderRvseCncl, ids.InquireDailyCcldRecent, ids.InquireDailyCcldOld, ids.InquirePsblRvseCncl]);
    }

    [Theory]
    [InlineData("FHKST01010100")]
    [InlineData("HHKST01010100")]
    public void QuoteTrIds_AreTheSameInPaper(string trId)
    {
        Assert.Equal(trId, new KisTrIds(KisEnvironmentKind.Paper, false).Env(trId));
    }

    [Fact]
    public void JTrIds_BecomeVInPaper()
    {
        Assert.Equal("VTTC0000R", new KisTrIds(KisEnvironmentKind.Paper, false).Env("JTTC0000R"));
    }
}
