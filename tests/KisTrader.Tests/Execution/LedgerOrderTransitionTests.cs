using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;

namespace KisTrader.Tests.Execution;

/// <summary>The order state machine (<see cref="LedgerOrder"/>): every transition from every state, legal or refused.</summary>
public sealed class LedgerOrderTransitionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 9, 30, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset T1 = T0.AddSeconds(5);

    private static LedgerOrder Intent(long qty = 10) =>
        LedgerOrder.NewIntent("o1", T0, "005930", Side.Buy, qty, OrderPriceType.Limit, 71_000m, "run-1", "breakout");

    private static LedgerOrder Sent(long qty = 10) => Intent(qty).Acknowledged("00950", "0000001234");

    private static LedgerFill Fill(long qty, decimal price = 71_000m, string key = "k") => new("o1", key, qty, price, T1, "notice");

    /// <summary>One order in each state, reached through the transitions themselves.</summary>
    public static TheoryData<LedgerOrderStatus> AllStatuses() => [.. Enum.GetValues<LedgerOrderStatus>()];

    private static LedgerOrder In(LedgerOrderStatus status) => status switch
    {
        LedgerOrderStatus.Intent => Intent(),
        LedgerOrderStatus.Sent => Sent(),
        LedgerOrderStatus.PartiallyFilled => Sent().ApplyFill(Fill(4), T1),
        LedgerOrderStatus.Filled => Sent().ApplyFill(Fill(10), T1),
        LedgerOrderStatus.Cancelled => Sent().Cancelled("cancelled: stale"),
        LedgerOrderStatus.Rejected => Intent().Rejected("no cash"),
        LedgerOrderStatus.Unknown => Intent().Unknown("timeout"),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    [Fact]
    public void NewIntent_IsAnIntent_WithNothingFilled()
    {
        var o = Intent();
        Assert.Equal((LedgerOrderStatus.Intent, 0L, (decimal?)null, (string?)null, T0, T0), (o.Status, o.FilledQuantity, o.AverageFillPrice, o.BrokerOrderNo, o.CreatedAt, o.UpdatedAt));
        Assert.True(o.IsAmbiguous);
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerOrder.NewIntent("x", T0, "005930", Side.Buy, 0, OrderPriceType.Limit, 1m, null, null));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Reaching_EachState_GivesThatStatus(LedgerOrderStatus status) => Assert.Equal(status, In(status).Status);

    // --- Sending ---

    [Fact]
    public void Sending_AnIntent_IsAllowed()
    {
        var o = Intent();
        Assert.Same(o, o.Sending());
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Filled)]
    [InlineData(LedgerOrderStatus.Cancelled)]
    [InlineData(LedgerOrderStatus.Rejected)]
    [InlineData(LedgerOrderStatus.Unknown)]
    public void Sending_AnythingButAnIntent_IsRefused(LedgerOrderStatus status)
    {
        var e = Assert.Throws<IllegalOrderTransitionException>(() => In(status).Sending());
        Assert.Equal((status, "o1"), (e.From, e.OrderId));
    }

    // --- Acknowledged ---

    [Fact]
    public void Acknowledged_AnIntent_IsSent_WithTheBrokerNumbers()
    {
        var o = Intent().Acknowledged("00950", "1234");
        Assert.Equal((LedgerOrderStatus.Sent, "00950", "1234", (string?)null), (o.Status, o.BrokerOrgNo, o.BrokerOrderNo, o.LastError));
        Assert.True(o.IsOpen);
    }

    [Fact]
    public void Acknowledged_AnUnknown_IsSent_AndForgetsTheError()
    {
        var o = Intent().Unknown("timeout").Acknowledged("00950", "1234");
        Assert.Equal((LedgerOrderStatus.Sent, (string?)null), (o.Status, o.LastError));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Filled)]
    [InlineData(LedgerOrderStatus.Cancelled)]
    public void Acknowledged_Late_NeverMovesTheOrderBack(LedgerOrderStatus status)
    {
        var before = In(status);
        var after = before.Acknowledged("99999", "9999");
        Assert.Equal(before, after);
    }

    [Fact]
    public void Acknowledged_Late_FillsInAMissingBrokerNumber_Only()
    {
        var filled = Intent().ApplyFill(Fill(10), T1);
        var after = filled.Acknowledged("00950", "1234");
        Assert.Equal((LedgerOrderStatus.Filled, "1234", 10L), (after.Status, after.BrokerOrderNo, after.FilledQuantity));
    }

    [Fact]
    public void Acknowledged_ARejectedOrder_IsRefused() =>
        Assert.Throws<IllegalOrderTransitionException>(() => In(LedgerOrderStatus.Rejected).Acknowledged("00950", "1"));

    // --- Reconciled / NeverPlaced ---

    [Theory]
    [InlineData(LedgerOrderStatus.Intent)]
    [InlineData(LedgerOrderStatus.Unknown)]
    public void Reconciled_AnAmbiguousOrder_IsSent(LedgerOrderStatus status)
    {
        var o = In(status).Reconciled("00950", "55");
        Assert.Equal((LedgerOrderStatus.Sent, "55", (string?)null), (o.Status, o.BrokerOrderNo, o.LastError));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Filled)]
    [InlineData(LedgerOrderStatus.Cancelled)]
    [InlineData(LedgerOrderStatus.Rejected)]
    public void Reconciled_AnOrderThatWasNotAmbiguous_KeepsItsState(LedgerOrderStatus status)
    {
        var before = In(status);
        Assert.Equal(before.Status, before.Reconciled("00950", "55").Status);
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Intent)]
    [InlineData(LedgerOrderStatus.Unknown)]
    public void NeverPlaced_AnAmbiguousOrder_IsRejected_WithTheReason(LedgerOrderStatus status)
    {
        var o = In(status).NeverPlaced("absent from the broker's order list");
        Assert.Equal((LedgerOrderStatus.Rejected, "absent from the broker's order list"), (o.Status, o.LastError));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Filled)]
    [InlineData(LedgerOrderStatus.Cancelled)]
    [InlineData(LedgerOrderStatus.Rejected)]
    public void NeverPlaced_AnOrderTheBrokerHolds_IsRefused(LedgerOrderStatus status) =>
        Assert.Throws<IllegalOrderTransitionException>(() => In(status).NeverPlaced("absent"));

    // --- Unknown ---

    [Fact]
    public void Unknown_AnIntent_KeepsTheReason()
    {
        var o = Intent().Unknown("timeout");
        Assert.Equal((LedgerOrderStatus.Unknown, "timeout"), (o.Status, o.LastError));
        Assert.Equal(o, o.Unknown("again"));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Filled)]
    [InlineData(LedgerOrderStatus.Cancelled)]
    [InlineData(LedgerOrderStatus.Rejected)]
    public void Unknown_AnOrderWhoseOutcomeIsKnown_IsRefused(LedgerOrderStatus status) =>
        Assert.Throws<IllegalOrderTransitionException>(() => In(status).Unknown("timeout"));

    // --- Rejected ---

    [Theory]
    [InlineData(LedgerOrderStatus.Intent)]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.Unknown)]
    public void Rejected_AnOrderWithoutFills_IsRejected(LedgerOrderStatus status)
    {
        var o = In(status).Rejected("refused by the exchange");
        Assert.Equal((LedgerOrderStatus.Rejected, "refused by the exchange"), (o.Status, o.LastError));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Cancelled)]
    [InlineData(LedgerOrderStatus.Rejected)]
    public void Rejected_Late_ChangesNothing(LedgerOrderStatus status)
    {
        var before = In(status);
        Assert.Equal(before, before.Rejected("late"));
    }

    [Fact]
    public void Rejected_Late_ACancelledOrderWithFills_ChangesNothing()
    {
        var before = Sent().ApplyFill(Fill(4), T1).Cancelled("cancelled: stale");
        Assert.Equal(before, before.Rejected("late"));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Filled)]
    public void Rejected_AnOrderWithFills_IsRefused(LedgerOrderStatus status) =>
        Assert.Throws<IllegalOrderTransitionException>(() => In(status).Rejected("refused"));

    // --- Cancelled ---

    [Theory]
    [InlineData(LedgerOrderStatus.Intent)]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.PartiallyFilled)]
    [InlineData(LedgerOrderStatus.Unknown)]
    public void Cancelled_AnOrderNotYetFinal_IsCancelled_KeepingWhatFilled(LedgerOrderStatus status)
    {
        var before = In(status);
        var o = before.Cancelled("cancelled: stale");
        Assert.Equal((LedgerOrderStatus.Cancelled, before.FilledQuantity, before.AverageFillPrice, "cancelled: stale"), (o.Status, o.FilledQuantity, o.AverageFillPrice, o.LastError));
    }

    [Fact]
    public void Cancelled_WithoutANote_KeepsTheLastError()
    {
        var o = (Sent() with { LastError = "cancel failed once" }).Cancelled();
        Assert.Equal((LedgerOrderStatus.Cancelled, "cancel failed once"), (o.Status, o.LastError));
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Filled)]
    [InlineData(LedgerOrderStatus.Cancelled)]
    [InlineData(LedgerOrderStatus.Rejected)]
    public void Cancelled_Late_ChangesNothing_AFilledOrderStaysFilled(LedgerOrderStatus status)
    {
        var before = In(status);
        Assert.Equal(before, before.Cancelled("cancelled: late ack"));
    }

    // --- ApplyFill ---

    [Fact]
    public void ApplyFill_Partial_ThenComplete_ComputesQuantityAverageAndStatus()
    {
        var partial = Sent().ApplyFill(Fill(4, 71_000m, "k1"), T1);
        Assert.Equal((LedgerOrderStatus.PartiallyFilled, 4L, 71_000m, T1), (partial.Status, partial.FilledQuantity, partial.AverageFillPrice!.Value, partial.UpdatedAt));
        var filled = partial.ApplyFill(Fill(6, 70_500m, "k2"), T1.AddSeconds(1));
        Assert.Equal((LedgerOrderStatus.Filled, 10L, 70_700m, 0L), (filled.Status, filled.FilledQuantity, filled.AverageFillPrice!.Value, filled.RemainingQuantity));
    }

    [Fact]
    public void ApplyFill_RoundsTheAverageToFourDecimals()
    {
        var o = Sent(3).ApplyFill(Fill(1, 100m, "a"), T1).ApplyFill(Fill(1, 100m, "b"), T1).ApplyFill(Fill(1, 101m, "c"), T1);
        Assert.Equal(100.3333m, o.AverageFillPrice);
    }

    [Theory]
    [InlineData(LedgerOrderStatus.Intent)]
    [InlineData(LedgerOrderStatus.Unknown)]
    [InlineData(LedgerOrderStatus.Sent)]
    [InlineData(LedgerOrderStatus.Rejected)]
    public void ApplyFill_IsRecordedWhateverTheStatus_SinceAnExecutionIsAFact(LedgerOrderStatus status)
    {
        var o = In(status).ApplyFill(Fill(3), T1);
        Assert.Equal((LedgerOrderStatus.PartiallyFilled, 3L), (o.Status, o.FilledQuantity));
    }

    [Fact]
    public void ApplyFill_AfterCancel_StaysCancelled_UnlessItCompletesTheOrder()
    {
        var cancelled = Sent().ApplyFill(Fill(2, key: "a"), T1).Cancelled("cancelled: stale");
        var raced = cancelled.ApplyFill(Fill(3, key: "b"), T1);
        Assert.Equal((LedgerOrderStatus.Cancelled, 5L, "cancelled: stale"), (raced.Status, raced.FilledQuantity, raced.LastError));
        Assert.Equal(LedgerOrderStatus.Filled, raced.ApplyFill(Fill(5, key: "c"), T1).Status);
    }

    [Fact]
    public void ApplyFill_ZeroShares_ChangesNothing()
    {
        var o = Sent();
        Assert.Equal(o, o.ApplyFill(Fill(0), T1));
        var filled = In(LedgerOrderStatus.Filled);
        Assert.Equal(filled, filled.ApplyFill(Fill(0), T1));
    }

    [Fact]
    public void ApplyFill_BeyondTheQuantity_IsRefused()
    {
        var e = Assert.Throws<IllegalOrderTransitionException>(() => Sent(10).ApplyFill(Fill(4), T1).ApplyFill(Fill(7), T1));
        Assert.Equal(LedgerOrderStatus.PartiallyFilled, e.From);
        Assert.Contains("only 6 of 10", e.Message);
        Assert.Throws<IllegalOrderTransitionException>(() => In(LedgerOrderStatus.Filled).ApplyFill(Fill(1), T1));
    }

    [Fact]
    public void ApplyFill_Malformed_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sent().ApplyFill(Fill(-1), T1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sent().ApplyFill(Fill(1, -5m), T1));
        Assert.Throws<ArgumentException>(() => Sent().ApplyFill(Fill(1) with { OrderId = "other" }, T1));
    }

    [Fact]
    public void Noted_ChangesOnlyTheLastError()
    {
        var o = Sent();
        Assert.Equal(o with { LastError = "cancel failed" }, o.Noted("cancel failed"));
    }
}
