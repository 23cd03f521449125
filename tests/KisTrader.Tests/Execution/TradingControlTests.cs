using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Execution;

/// <summary>The kill switch: halting stops sends, rejects pending approvals, cancels open orders, and persists.</summary>
public sealed class TradingControlTests
{
    private static PlannedOrder Buy(long qty) => new("000660", Side.Buy, qty, OrderPriceType.Limit, 20_000m, "t", 0.5m);
    private static PlannedOrder Sell(long qty) => new("005930", Side.Sell, qty, OrderPriceType.Limit, 100_000m, "t", 0.5m);

    private static PendingApproval Pending(string id, DateTimeOffset at, ApprovalStatus status = ApprovalStatus.Pending) =>
        new(id, "run-1", Buy(1), RiskVerdict.Approve(1), at, at.AddMinutes(10), status, null, null, null, null);

    [Fact]
    public async Task Halt_RejectsPendingApprovals_CancelsOpenOrders_AndBlocksSends()
    {
        await using var h = await GatewayHarness.CreateAsync();
        using var modes = new BusProbe<TradingModeChanged>(h.Bus);
        var now = h.Clock.GetUtcNow();
        await h.Approvals.AddAsync(Pending("p1", now));
        await h.Approvals.AddAsync(Pending("p2", now));
        await h.Approvals.AddAsync(Pending("done", now, ApprovalStatus.Approved));
        var open1 = await h.Gateway.SubmitAsync(Buy(1), null, null);
        var open2 = await h.Gateway.SubmitAsync(Sell(1), null, null);

        var state = await h.Control.HaltAsync("admin@kt", "market crash");

        Assert.Equal((TradingMode.Halted, "admin@kt", "market crash"), (state.Mode, state.ChangedBy, state.Reason));
        foreach (var id in new[] { "p1", "p2" })
        {
            var a = await h.Approvals.GetAsync(id);
            Assert.Equal((ApprovalStatus.Rejected, "admin@kt"), (a!.Status, a.DecidedBy));
            Assert.Equal("trading halted: market crash", a.DecisionReason);
        }
        Assert.Equal(ApprovalStatus.Approved, (await h.Approvals.GetAsync("done"))!.Status);
        Assert.Equal(2, h.Router.Cancelled.Count);
        Assert.Equal(LedgerOrderStatus.Cancelled, (await h.Ledger.GetAsync(open1.OrderId!))!.Status);
        Assert.Equal(LedgerOrderStatus.Cancelled, (await h.Ledger.GetAsync(open2.OrderId!))!.Status);

        var refused = await h.Gateway.SubmitAsync(Sell(1), null, null);
        Assert.Equal(RiskRejectCode.TradingHalted, refused.Verdict.Code);
        Assert.Equal(2, h.Router.Placed.Count);
        await modes.WaitAsync(r => r.Any(m => m.State.Mode == TradingMode.Halted), "TradingModeChanged(Halted)");
        Assert.Contains(await h.Audit.RecentAsync(10), e => e.Action == "trading.mode" && e.Target == "Halted" && e.Actor == "admin@kt");
    }

    [Fact]
    public async Task Halt_RacingConcurrentSubmissions_LeavesNothingOpenAndNothingSentAfterward()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.OnPlace = _ => Task.Delay(20);
        var sentTwo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Router.Answer = _ => { if (h.Router.Placed.Count >= 2) sentTwo.TrySetResult(); return h.Router.Accept(); };

        var submissions = Enumerable.Range(0, 40).Select(_ => Task.Run(() => h.Gateway.SubmitAsync(Buy(1), null, null))).ToList();
        await sentTwo.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await h.Control.HaltAsync("admin", "race");
        var placedAtHalt = h.Router.Placed.Count;
        var results = await Task.WhenAll(submissions);

        // Whatever got out before the halt is cancelled; nothing went out after it returned.
        Assert.Equal(placedAtHalt, h.Router.Placed.Count);
        Assert.InRange(placedAtHalt, 2, 39);
        Assert.Equal(placedAtHalt, results.Count(r => r.Sent));
        Assert.All(results.Where(r => !r.Sent), r => Assert.Equal(RiskRejectCode.TradingHalted, r.Verdict.Code));
        var ours = await h.Ledger.ListAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.All(ours, o => Assert.Equal(LedgerOrderStatus.Cancelled, o.Status));
        Assert.Equal(placedAtHalt, h.Router.Cancelled.Count);
    }

    [Fact]
    public async Task Halt_SurvivesARestartOnTheSameDatabase()
    {
        var cs = GatewayHarness.NewDatabase();
        await using (var before = await GatewayHarness.CreateAsync(connectionString: cs))
            await before.Control.HaltAsync("admin", "maintenance");

        await using var after = await GatewayHarness.CreateAsync(connectionString: cs);
        Assert.Equal(TradingMode.Halted, (await after.Control.GetAsync()).Mode);
        Assert.Equal(RiskRejectCode.TradingHalted, (await after.Gateway.SubmitAsync(Sell(1), null, null)).Verdict.Code);
        Assert.Empty(after.Router.Placed);
    }

    [Fact]
    public async Task Reduce_AllowsSellsOnly_AndResumeRestoresBuys()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Control.ReduceAsync("admin", "daily loss");
        Assert.Equal(RiskRejectCode.ReducingSellsOnly, (await h.Gateway.SubmitAsync(Buy(1), null, null)).Verdict.Code);
        Assert.True((await h.Gateway.SubmitAsync(Sell(1), null, null)).Sent);
        Assert.Empty(h.Router.Cancelled);

        await h.Control.ResumeAsync("admin", "recovered");
        Assert.Equal(TradingMode.Active, (await h.Control.GetAsync()).Mode);
        Assert.True((await h.Gateway.SubmitAsync(Buy(1), null, null)).Sent);
    }

    [Theory]
    [InlineData("admin", "")]
    [InlineData("admin", "   ")]
    [InlineData("", "why")]
    public async Task ModeChanges_NeedAReasonAndAnActor(string by, string reason)
    {
        await using var h = await GatewayHarness.CreateAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => h.Control.HaltAsync(by, reason));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Control.ResumeAsync(by, reason));
        Assert.Equal(TradingMode.Active, (await h.Control.GetAsync()).Mode);
    }
}
