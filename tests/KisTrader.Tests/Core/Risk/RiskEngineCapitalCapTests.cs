using KisTrader.Core.Risk;
using static KisTrader.Tests.Core.Risk.RiskScenario;

namespace KisTrader.Tests.Core.Risk;

/// <summary><c>Risk:MaxCapitalKrw</c>. The scenario holds 10 × 005930 at 100,000 = 1,000,000 KRW invested
/// (cash 9,000,000); 000660 is quoted at 20,000 with an upper limit of 26,000.</summary>
public sealed class RiskEngineCapitalCapTests
{
    private static RiskEngine Capped(decimal cap, RiskLimits? limits = null) => Engine((limits ?? Loose) with { MaxCapitalKrw = cap });

    private static void AssertApproved(RiskVerdict v, long quantity)
    {
        Assert.True(v.Approved, $"expected approval but got {v.Code}: {v.Reason}");
        Assert.Equal(quantity, v.ApprovedQuantity);
    }

    [Fact]
    public void Buy_UnderTheCap_IsApprovedInFull()
    {
        // 1,000,000 invested + 10 × 20,000 = 1,200,000 ≤ 2,000,000.
        var v = Capped(2_000_000m).Check(Buy(Other, 10, 20_000m), Context());
        AssertApproved(v, 10);
        Assert.Equal("within limits", v.Reason);
    }

    [Fact]
    public void Buy_ExactlyAtTheCap_IsApprovedInFull()
    {
        // 1,000,000 invested + 50 × 20,000 = 2,000,000 = the cap.
        AssertApproved(Capped(2_000_000m).Check(Buy(Other, 50, 20_000m), Context()), 50);
    }

    [Fact]
    public void Buy_OverTheCap_IsReducedToTheLargestQuantityThatFits_AndTheReasonNamesTheNumbers()
    {
        // Room 2,000,000 − 1,000,000 = 1,000,000; 1,000,000 / 20,000 = 50 of the 60 asked (60 × 20,000 = 1,200,000).
        var v = Capped(2_000_000m).Check(Buy(Other, 60, 20_000m), Context());
        AssertApproved(v, 50);
        Assert.Contains("capital cap 2,000,000 KRW", v.Reason);
        Assert.Contains("1,000,000 KRW invested", v.Reason);
        Assert.Contains("order value 1,200,000 KRW", v.Reason);
        Assert.Contains("reduced 60 to 50", v.Reason);
    }

    [Fact]
    public void Buy_OverTheCap_RoundsTheQuantityDown()
    {
        // Room 1,990,000 − 1,000,000 = 990,000; 990,000 / 20,000 = 49.5 → 49 (49 × 20,000 = 980,000 ≤ room).
        AssertApproved(Capped(1_990_000m).Check(Buy(Other, 60, 20_000m), Context()), 49);
    }

    [Fact]
    public void MarketBuy_IsCappedAtTheUpperLimitPrice_LikeTheOtherValueLimits()
    {
        // A market buy is valued at the upper limit 26,000: room 1,000,000 / 26,000 = 38.46 → 38.
        AssertApproved(Capped(2_000_000m).Check(Buy(Other, 50, null), Context()), 38);
    }

    [Theory]
    [InlineData(1_010_000)] // room 10,000 < one share at 20,000
    [InlineData(500_000)]   // holdings alone (1,000,000) are already above the cap
    public void Buy_WhenNotOneShareFits_IsRejected(long cap)
    {
        var v = Capped((decimal)cap).Check(Buy(Other, 5, 20_000m), Context());
        Assert.False(v.Approved);
        Assert.Equal(RiskRejectCode.CapitalCapExceeded, v.Code);
        Assert.Equal(0, v.ApprovedQuantity);
        // 5 × 20,000 = 100,000.
        Assert.Contains($"capital cap {cap:N0} KRW: 1,000,000 KRW invested, order value 100,000 KRW", v.Reason);
    }

    [Fact]
    public void Sell_IsNeverBlockedByTheCap_EvenWhenAlreadyAboveIt()
    {
        // 1,000,000 invested is far above a 100,000 cap; selling lowers it and must always be possible.
        var v = Capped(100_000m).Check(Sell(Held, 5, 100_000m), Context());
        AssertApproved(v, 5);
        Assert.Equal("within limits", v.Reason);
    }

    [Fact]
    public void CheckPlan_BuysInOnePlanSumTowardTheCap_AndASellFreesNoRoom()
    {
        var v = Capped(2_000_000m).CheckPlan(
        [
            Buy(Other, 30, 20_000m), // 1,000,000 + 600,000 = 1,600,000: fits
            Buy(Held, 3, 100_000m),  // 1,600,000 + 300,000 = 1,900,000: fits
            Sell(Held, 5, 100_000m), // not filled yet, so it frees nothing
            Buy(Other, 10, 20_000m), // room 100,000 / 20,000 = 5 of 10
            Buy(Other, 1, 20_000m),  // 2,000,000 invested: room 0
        ], Context());
        AssertApproved(v[0], 30);
        AssertApproved(v[1], 3);
        AssertApproved(v[2], 5);
        AssertApproved(v[3], 5);
        Assert.Contains("1,900,000 KRW invested", v[3].Reason);
        Assert.Equal(RiskRejectCode.CapitalCapExceeded, v[4].Code);
        Assert.Contains("2,000,000 KRW invested", v[4].Reason);
    }

    [Fact]
    public void OpenBuys_CountAsInvested()
    {
        // 1,000,000 held + 500,000 bid and unfilled = 1,500,000; room 500,000 / 20,000 = 25.
        var ctx = Context() with { OpenBuyValue = new Dictionary<string, decimal> { [Other] = 500_000m } };
        AssertApproved(Capped(2_000_000m).Check(Buy(Other, 30, 20_000m), ctx), 25);
    }

    [Fact]
    public void TheReducedBuy_IsJudgedByTheOtherLimitsAtItsNewSize()
    {
        // Reduced to 50 (see above): 50 × 20,000 = 1,000,000 is within a 1,000,000 order-value limit that 60 would break.
        AssertApproved(Capped(2_000_000m, Loose with { MaxOrderValueKrw = 1_000_000m }).Check(Buy(Other, 60, 20_000m), Context()), 50);
        // Without the cap the 1,200,000 order is over that limit and rejected outright.
        Assert.Equal(RiskRejectCode.OrderValueExceeded, Engine(Loose with { MaxOrderValueKrw = 1_000_000m }).Check(Buy(Other, 60, 20_000m), Context()).Code);
    }

    [Fact]
    public void NoCapConfigured_LimitsNothing()
    {
        Assert.Null(new RiskLimits().MaxCapitalKrw);
        // 1,000,000 + 450 × 20,000 = 10,000,000 invested: only the cash (9,000,000 = 450 × 20,000) bounds it.
        AssertApproved(Engine().Check(Buy(Other, 450, 20_000m), Context()), 450);
    }
}
