using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Risk;
using KisTrader.Tests.Execution.Support;
using static KisTrader.Tests.Execution.Support.BrokerRows;

namespace KisTrader.Tests.Execution;

public sealed class OrderGatewayTests
{
    private static PlannedOrder Buy(long qty, decimal price = 20_000m, string ticker = "000660") =>
        new(ticker, Side.Buy, qty, OrderPriceType.Limit, price, "momentum", 0.7m);

    [Fact]
    public async Task Submit_WritesTheIntentBeforeSending_ThenRecordsTheBrokerNumber()
    {
        await using var h = await GatewayHarness.CreateAsync();
        LedgerOrder? atSend = null;
        h.Router.OnPlace = async _ => atSend = (await h.Ledger.ListByStatusAsync([LedgerOrderStatus.Intent])).Single();

        var result = await h.Gateway.SubmitAsync(Buy(10), "run-1", null);

        Assert.True(result.Sent);
        Assert.NotNull(atSend);
        Assert.Equal((result.OrderId, 10L, "000660", "run-1"), (atSend!.OrderId, atSend.Quantity, atSend.Ticker, atSend.RunId));
        Assert.Matches("^[0-9a-f]{32}$", result.OrderId!);
        var sent = await h.Ledger.GetAsync(result.OrderId!);
        Assert.Equal(LedgerOrderStatus.Sent, sent!.Status);
        Assert.Equal(result.Submission!.OrderId!.OrderNo, sent.BrokerOrderNo);
        Assert.Equal("00950", sent.BrokerOrgNo);
        Assert.Equal("momentum", sent.Justification);
    }

    [Fact]
    public async Task Submit_WhenRiskRejects_SendsNothingAndWritesNothing()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var result = await h.Gateway.SubmitAsync(Buy(1000), null, null);   // 20,000,000 > 9,000,000 cash
        Assert.Equal(RiskRejectCode.InsufficientBuyingPower, result.Verdict.Code);
        Assert.Null(result.OrderId);
        Assert.Empty(h.Router.Placed);
        Assert.Empty(await h.Ledger.ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task Submit_SendsOnlyTheApprovedQuantity()
    {
        var rules = new FixedRule(new RuleMatch("half", RuleAction.ReduceSize, "volatile", 0.5m));
        await using var h = await GatewayHarness.CreateAsync(rules: rules);
        var result = await h.Gateway.SubmitAsync(Buy(11), null, null);
        Assert.Equal(5, h.Router.Placed.Single().Quantity);
        Assert.Equal(5, (await h.Ledger.GetAsync(result.OrderId!))!.Quantity);
    }

    [Fact]
    public async Task Submit_ThePlannedOrderCappedAtThePreview_ReducesOnce_NotTwice()
    {
        // Preview: 11 × 0.5 → 5. The execution hands the gateway the planned 11 capped at 5: 5 are sent, not 2.
        var rules = new FixedRule(new RuleMatch("half", RuleAction.ReduceSize, "volatile", 0.5m));
        await using var h = await GatewayHarness.CreateAsync(rules: rules);
        var preview = (await h.Gateway.PreviewAsync([Buy(11)], null)).Single();
        Assert.Equal(5, preview.ApprovedQuantity);
        await h.Gateway.SubmitAsync(Buy(11), null, null, maxQuantity: preview.ApprovedQuantity);
        Assert.Equal(5, h.Router.Placed.Single().Quantity);
    }

    [Fact]
    public async Task Submit_NeverSendsMoreThanTheCap_EvenWhenRiskWouldAllowMore()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Gateway.SubmitAsync(Buy(10), null, null, maxQuantity: 3);
        Assert.Equal(3, h.Router.Placed.Single().Quantity);
    }

    [Fact]
    public async Task ApprovedSubmit_ReChecksTheCapitalCap_WithTheHoldingsAndOpenBuysOfNow()
    {
        // Holdings 10 × 005930 at 100,000 = 1,000,000 KRW; cap 2,000,000.
        await using var h = await GatewayHarness.CreateAsync(GatewayHarness.Limits with { MaxCapitalKrw = 2_000_000m });
        // Proposed: 1,000,000 + 40 × 20,000 = 1,800,000 fits.
        var preview = (await h.Gateway.PreviewAsync([Buy(40)], null)).Single();
        Assert.Equal(40, preview.ApprovedQuantity);

        // Before the admin approves, the account grows to 15 × 100,000 = 1,500,000: room 500,000 / 20,000 = 25.
        h.Account.Balance = FakeAccount.Account(8_500_000m, 15, 100_000m);
        var approved = await h.Gateway.SubmitAsync(Buy(40), null, null, maxQuantity: preview.ApprovedQuantity, approvedByAdmin: true);
        Assert.True(approved.Sent, approved.Verdict.Reason);
        Assert.Equal(25, h.Router.Placed.Single().Quantity);
        Assert.Contains("capital cap 2,000,000 KRW: 1,500,000 KRW invested", approved.Verdict.Reason);

        // The 25 bid and unfilled count: 1,500,000 + 500,000 = 2,000,000 leaves no room for another approved buy.
        var next = await h.Gateway.SubmitAsync(Buy(10), null, null, approvedByAdmin: true);
        Assert.Equal(RiskRejectCode.CapitalCapExceeded, next.Verdict.Code);
        Assert.Contains("2,000,000 KRW invested", next.Verdict.Reason);
        Assert.Single(h.Router.Placed);
    }

    [Fact]
    public async Task Submit_WhenARuleNowRequiresApproval_SendsOnlyWithAnAdminsApproval()
    {
        var rules = new FixedRule(new RuleMatch("late", RuleAction.RequireApproval, "after 14:00 an admin decides"));
        await using var h = await GatewayHarness.CreateAsync(rules: rules);
        var unapproved = await h.Gateway.SubmitAsync(Buy(10), null, null);
        Assert.Equal(RiskRejectCode.StrategyRule, unapproved.Verdict.Code);
        Assert.Contains("approval", unapproved.Verdict.Reason);
        Assert.Empty(h.Router.Placed);
        var approved = await h.Gateway.SubmitAsync(Buy(10), null, null, approvedByAdmin: true);
        Assert.True(approved.Sent);
        Assert.Equal(10, h.Router.Placed.Single().Quantity);
    }

    [Fact]
    public async Task Submit_WhenTheBrokerRejects_RecordsRejectedWithItsMessage()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.Answer = _ => new OrderSubmission(SubmissionStatus.Rejected, null, null, "APBK0918", "주문가능금액을 초과");
        var result = await h.Gateway.SubmitAsync(Buy(1), null, null);
        var order = await h.Ledger.GetAsync(result.OrderId!);
        Assert.Equal(LedgerOrderStatus.Rejected, order!.Status);
        Assert.Contains("APBK0918", order.LastError);
        // A rejection is final and unambiguous: the next order goes out.
        h.Router.Answer = null;
        Assert.True((await h.Gateway.SubmitAsync(Buy(1), null, null)).Sent);
    }

    [Fact]
    public async Task Submit_WhenTheRouterThrowsAfterTheLedgerWrite_LeavesTheIntent_AndBlocksSendsUntilResolved()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.OnPlace = _ => throw new HttpRequestException("connection reset");
        await Assert.ThrowsAsync<HttpRequestException>(() => h.Gateway.SubmitAsync(Buy(3), null, null));
        var intent = (await h.Ledger.ListByStatusAsync([LedgerOrderStatus.Intent])).Single();
        Assert.Equal(3, intent.Quantity);

        h.Router.OnPlace = null;
        // The broker's list does not show it yet: within the grace period nothing is sent.
        var blocked = await h.Gateway.SubmitAsync(Buy(1), null, null);
        Assert.Equal(RiskRejectCode.ReconciliationPending, blocked.Verdict.Code);
        Assert.Empty(h.Router.Placed);

        // Still absent after the grace period: never sent; trading resumes.
        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await h.Gateway.SubmitAsync(Buy(1), null, null)).Sent);
        var resolved = await h.Ledger.GetAsync(intent.OrderId);
        Assert.Equal(LedgerOrderStatus.Rejected, resolved!.Status);
        Assert.Equal("never sent", resolved.LastError);
    }

    [Fact]
    public async Task Submit_AfterAnUnknownOutcome_RefusesUntilReconciliationFindsTheOrder()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.Answer = _ => OrderSubmission.Unknown("EGW00301", "timeout");
        var first = await h.Gateway.SubmitAsync(Buy(4), null, null);
        Assert.Equal(SubmissionStatus.Unknown, first.Submission!.Status);
        Assert.Equal(LedgerOrderStatus.Unknown, (await h.Ledger.GetAsync(first.OrderId!))!.Status);

        h.Router.Answer = null;
        var refused = await h.Gateway.SubmitAsync(Buy(1), null, null);
        Assert.Equal(RiskRejectCode.ReconciliationPending, refused.Verdict.Code);
        Assert.Single(h.Router.Placed);

        // The broker did place it (and filled 1): reconciliation adopts its number and fill, then sending resumes.
        h.Account.Orders.Add(Row(h.Clock, "0000000777", "000660", Side.Buy, 4, 20_000m, filled: 1, avg: 20_000m));
        var next = await h.Gateway.SubmitAsync(Buy(1), null, null);
        Assert.True(next.Sent);
        var adopted = await h.Ledger.GetAsync(first.OrderId!);
        Assert.Equal((LedgerOrderStatus.PartiallyFilled, "0000000777", 1L), (adopted!.Status, adopted.BrokerOrderNo, adopted.FilledQuantity));
    }

    [Fact]
    public async Task Submit_WhenTheBrokerListCannotBeRead_SendsNothingWhileAnythingIsUnknown()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.Answer = _ => OrderSubmission.Unknown(null, "dropped");
        await h.Gateway.SubmitAsync(Buy(1), null, null);
        h.Router.Answer = null;
        h.Account.OrdersFailure = new HttpRequestException("down");
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<HttpRequestException>(() => h.Gateway.SubmitAsync(Buy(1), null, null));
        Assert.Single(h.Router.Placed);
    }

    [Fact]
    public async Task Submit_Concurrently_NeverSpendsTheSameCashTwice()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.OnPlace = _ => Task.Delay(50);
        // 9,000,000 cash; each order needs 6,000,000; the broker's deposit does not drop for an unfilled order.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => h.Gateway.SubmitAsync(Buy(300), null, null))));
        Assert.Single(results, r => r.Sent);
        Assert.All(results.Where(r => !r.Sent), r => Assert.Equal(RiskRejectCode.InsufficientBuyingPower, r.Verdict.Code));
        Assert.Single(h.Router.Placed);
    }

    [Fact]
    public async Task Preview_JudgesThePlanCumulatively_AndSendsNothing()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var verdicts = await h.Gateway.PreviewAsync([Buy(300), Buy(300)], null);
        Assert.True(verdicts[0].Approved);
        Assert.Equal(RiskRejectCode.InsufficientBuyingPower, verdicts[1].Code);
        Assert.Empty(h.Router.Placed);
    }

    [Fact]
    public async Task CancelOpenOrders_CancelsSentAndPartlyFilledOrders_AtTheBroker()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var a = await h.Gateway.SubmitAsync(Buy(2), null, null);
        var b = await h.Gateway.SubmitAsync(Buy(5), null, null);
        var c = await h.Gateway.SubmitAsync(Buy(1), null, null);
        var bOrder = (await h.Ledger.GetAsync(b.OrderId!))!;
        await h.Ledger.AddFillAsync(new LedgerFill(b.OrderId!, "x1", 2, 20_000m, h.Clock.GetUtcNow(), "notice"));
        await h.Ledger.AddFillAsync(new LedgerFill(c.OrderId!, "x2", 1, 20_000m, h.Clock.GetUtcNow(), "notice"));

        Assert.Equal(2, await h.Gateway.CancelOpenOrdersAsync("test"));

        Assert.Equal([a.Submission!.OrderId!.OrderNo, bOrder.BrokerOrderNo], h.Router.Cancelled.Select(r => r.Original.OrderNo));
        Assert.All(h.Router.Cancelled, r => Assert.Null(r.Quantity));
        Assert.Equal(LedgerOrderStatus.Cancelled, (await h.Ledger.GetAsync(a.OrderId!))!.Status);
        var partly = await h.Ledger.GetAsync(b.OrderId!);
        Assert.Equal((LedgerOrderStatus.Cancelled, 2L), (partly!.Status, partly.FilledQuantity));
        Assert.Equal(LedgerOrderStatus.Filled, (await h.Ledger.GetAsync(c.OrderId!))!.Status);
    }
}
