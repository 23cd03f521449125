using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using Xunit;

namespace KisTrader.Testing.Ledger;

/// <summary>What every <see cref="IOrderLedger"/> must do: the EF stores (SQLite, PostgreSQL) and the test fakes alike, so a
/// test passing against a fake says something about the real ledger. Linked into each test project that has a ledger.</summary>
public abstract class OrderLedgerContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 18, 9, 30, 0, TimeSpan.FromHours(9));
    protected IOrderLedger Ledger { get; private set; } = default!;

    /// <summary>A new, empty ledger.</summary>
    protected abstract Task<IOrderLedger> CreateLedgerAsync();

    public virtual async Task InitializeAsync() => Ledger = await CreateLedgerAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static LedgerOrder Order(string id, DateTimeOffset at, long qty = 10, string? brokerNo = null, LedgerOrderStatus status = LedgerOrderStatus.Intent) =>
        new(id, at, at, "005930", Side.Buy, qty, OrderPriceType.Limit, 71_000m, status, brokerNo is null ? null : "00950", brokerNo, 0, null, "run-1", null, "because", null);

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryField()
    {
        var o = Order("a", T0, brokerNo: "0000012345", status: LedgerOrderStatus.Sent) with
        {
            LimitPrice = 71_050.5m, LastError = "x", TradeId = "t1", FilledQuantity = 3, AverageFillPrice = 71_000.25m,
            Context = new OrderContext("{\"ticker\":{\"last\":71000}}", "{\"cash\":1000000}", "{\"rsi\":55.5}", 4, "llm", "run-1"),
        };
        await Ledger.AddAsync(o);
        Assert.Equal(o, await Ledger.GetAsync("a"));
        Assert.Null(await Ledger.GetAsync("missing"));
    }

    [Fact]
    public async Task EveryStatus_IsStoredAndReadBack()
    {
        foreach (var status in Enum.GetValues<LedgerOrderStatus>())
            await Ledger.AddAsync(Order(status.ToString(), T0, status: status));
        foreach (var status in Enum.GetValues<LedgerOrderStatus>())
            Assert.Equal(status, (await Ledger.GetAsync(status.ToString()))!.Status);
    }

    [Fact]
    public async Task Add_SameOrderIdTwice_Throws()
    {
        await Ledger.AddAsync(Order("a", T0));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.AddAsync(Order("a", T0)));
    }

    [Fact]
    public async Task Update_ReplacesTheMutableFields()
    {
        await Ledger.AddAsync(Order("a", T0));
        var sent = Order("a", T0).Acknowledged("00950", "777") with { UpdatedAt = T0.AddSeconds(1), TradeId = "t-a" };
        Assert.True(await Ledger.UpdateAsync(sent, LedgerOrderStatus.Intent));
        Assert.Equal(sent, await Ledger.GetAsync("a"));
    }

    [Fact]
    public async Task Update_WithAStaleExpectedStatus_ReturnsFalse_AndChangesNothing()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 10, brokerNo: "1", status: LedgerOrderStatus.Sent));
        var readBeforeTheFill = (await Ledger.GetAsync("a"))!;
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k1", 10, 71_000m, T0, "notice")));
        var filled = (await Ledger.GetAsync("a"))!;

        Assert.False(await Ledger.UpdateAsync(readBeforeTheFill.Cancelled("cancelled: stale") with { UpdatedAt = T0.AddMinutes(1) }, readBeforeTheFill.Status));

        Assert.Equal(filled, await Ledger.GetAsync("a"));
        Assert.Equal(LedgerOrderStatus.Filled, filled.Status);
    }

    [Fact]
    public async Task Update_WithTheStoredStatus_Writes_AndNeverUndoesAFillRecordedBeforeIt()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 10, brokerNo: "1", status: LedgerOrderStatus.Sent));
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k1", 4, 71_000m, T0, "notice")));
        var partial = (await Ledger.GetAsync("a"))!;
        // Only the status fields are written: even an order value carrying no fills leaves the recorded fill alone.
        var cancel = partial.Cancelled("cancelled: stale") with { FilledQuantity = 0, AverageFillPrice = null };

        Assert.True(await Ledger.UpdateAsync(cancel, LedgerOrderStatus.PartiallyFilled));

        var stored = (await Ledger.GetAsync("a"))!;
        Assert.Equal((LedgerOrderStatus.Cancelled, 4L, 71_000m, "cancelled: stale"), (stored.Status, stored.FilledQuantity, stored.AverageFillPrice!.Value, stored.LastError));
    }

    [Fact]
    public async Task Update_KeepsTheContextWrittenWithTheIntent()
    {
        var context = new OrderContext("{}", "{}", null, null, "rules", "run-9");
        await Ledger.AddAsync(Order("a", T0) with { Context = context });
        Assert.True(await Ledger.UpdateAsync((await Ledger.GetAsync("a"))!.Acknowledged("00950", "5") with { Context = null }, LedgerOrderStatus.Intent));
        Assert.Equal(context, (await Ledger.GetAsync("a"))!.Context);
    }

    [Fact]
    public async Task Update_UnknownOrder_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.UpdateAsync(Order("nope", T0), LedgerOrderStatus.Intent));
    }

    [Fact]
    public async Task FindByBrokerOrderNo_MatchesPaddedAndShortNumbers_OnThatDayOnly()
    {
        await Ledger.AddAsync(Order("a", T0, brokerNo: "0000002696", status: LedgerOrderStatus.Sent));
        Assert.Equal("a", (await Ledger.FindByBrokerOrderNoAsync("2696", new DateOnly(2026, 11, 18)))?.OrderId);
        Assert.Null(await Ledger.FindByBrokerOrderNoAsync("2696", new DateOnly(2026, 11, 19)));
        Assert.Null(await Ledger.FindByBrokerOrderNoAsync("2697", new DateOnly(2026, 11, 18)));
    }

    [Fact]
    public async Task ListByStatus_AndByPeriod_ReturnOldestFirst()
    {
        await Ledger.AddAsync(Order("late", T0.AddMinutes(2)));
        await Ledger.AddAsync(Order("early", T0, status: LedgerOrderStatus.Unknown));
        await Ledger.AddAsync(Order("done", T0.AddMinutes(1), status: LedgerOrderStatus.Filled));
        await Ledger.AddAsync(Order("yesterday", T0.AddDays(-1)));
        Assert.Equal(["yesterday", "early", "late"], (await Ledger.ListByStatusAsync([LedgerOrderStatus.Intent, LedgerOrderStatus.Unknown])).Select(o => o.OrderId));
        Assert.Equal(["early", "done"], (await Ledger.ListAsync(T0, T0.AddMinutes(2))).Select(o => o.OrderId));
    }

    [Fact]
    public async Task Count_CountsTheOrdersInTheGivenStatuses_CreatedInThePeriodOnly()
    {
        await Ledger.AddAsync(Order("filled", T0, status: LedgerOrderStatus.Filled));
        await Ledger.AddAsync(Order("sent", T0.AddMinutes(1), status: LedgerOrderStatus.Sent));
        await Ledger.AddAsync(Order("rejected", T0.AddMinutes(1), status: LedgerOrderStatus.Rejected));
        await Ledger.AddAsync(Order("at-the-end", T0.AddMinutes(2), status: LedgerOrderStatus.Filled));
        await Ledger.AddAsync(Order("yesterday", T0.AddDays(-1), status: LedgerOrderStatus.Filled));
        Assert.Equal(2, await Ledger.CountAsync(T0, T0.AddMinutes(2), [LedgerOrderStatus.Filled, LedgerOrderStatus.Sent]));
        Assert.Equal(1, await Ledger.CountAsync(T0, T0.AddMinutes(2), [LedgerOrderStatus.Rejected]));
        Assert.Equal(0, await Ledger.CountAsync(T0, T0.AddMinutes(2), []));
        // A status change moves an order between the counts.
        Assert.True(await Ledger.UpdateAsync((await Ledger.GetAsync("sent"))!.Cancelled("by the admin") with { UpdatedAt = T0.AddMinutes(3) }, LedgerOrderStatus.Sent));
        Assert.Equal(1, await Ledger.CountAsync(T0, T0.AddMinutes(2), [LedgerOrderStatus.Filled, LedgerOrderStatus.Sent]));
    }

    [Fact]
    public async Task ListChangedSince_ReturnsThePeriodsOrdersCreatedOrUpdatedSince_OldestFirst_WithoutTheirContext()
    {
        var since = T0.AddMinutes(5);
        var context = new OrderContext("{}", "{}", "{}", 1, "rules", "run-1");
        await Ledger.AddAsync(Order("untouched", T0) with { Context = context });
        await Ledger.AddAsync(Order("updated-since", T0.AddMinutes(1), status: LedgerOrderStatus.Sent) with { Context = context });
        await Ledger.AddAsync(Order("created-since", since, status: LedgerOrderStatus.Sent) with { Context = context });
        await Ledger.AddAsync(Order("yesterday-updated-since", T0.AddDays(-1), status: LedgerOrderStatus.Sent));
        await Ledger.AddAsync(Order("tomorrow", T0.AddDays(1)));
        foreach (var id in new[] { "updated-since", "yesterday-updated-since" })
            Assert.True(await Ledger.UpdateAsync((await Ledger.GetAsync(id))!.Cancelled("x") with { UpdatedAt = since.AddSeconds(1) }, LedgerOrderStatus.Sent));

        var changed = await Ledger.ListChangedSinceAsync(T0.AddHours(-1), T0.AddHours(12), since);

        Assert.Equal(["updated-since", "created-since"], changed.Select(o => o.OrderId));
        Assert.All(changed, o => Assert.Null(o.Context));
        Assert.Equal((await Ledger.GetAsync("updated-since"))! with { Context = null }, changed[0]);
        Assert.Equal(context, (await Ledger.GetAsync("created-since"))!.Context);
    }

    [Fact]
    public async Task AddFill_UpdatesQuantityAveragePriceAndStatus_PartialThenFilled()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 10, brokerNo: "1", status: LedgerOrderStatus.Sent));
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k1", 4, 71_000m, T0.AddSeconds(5), "notice")));
        var partial = await Ledger.GetAsync("a");
        Assert.Equal((LedgerOrderStatus.PartiallyFilled, 4L, 71_000m), (partial!.Status, partial.FilledQuantity, partial.AverageFillPrice!.Value));
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k2", 6, 70_500m, T0.AddSeconds(6), "poll")));
        var filled = await Ledger.GetAsync("a");
        Assert.Equal((LedgerOrderStatus.Filled, 10L, 70_700m), (filled!.Status, filled.FilledQuantity, filled.AverageFillPrice!.Value));
        Assert.Equal(["k1", "k2"], (await Ledger.FillsAsync("a")).Select(f => f.ExecutionKey));
    }

    [Fact]
    public async Task AddFill_StoresWhatTheOrderTypeComputes()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 7, brokerNo: "1", status: LedgerOrderStatus.Sent));
        var expected = Order("a", T0, qty: 7, brokerNo: "1", status: LedgerOrderStatus.Sent);
        foreach (var (key, qty, price) in new[] { ("k1", 1L, 71_000m), ("k2", 2L, 71_100m), ("k3", 3L, 70_950m) })
        {
            var fill = new LedgerFill("a", key, qty, price, T0, "notice");
            Assert.True(await Ledger.AddFillAsync(fill));
            expected = expected.ApplyFill(fill, T0);
            var stored = (await Ledger.GetAsync("a"))!;
            Assert.Equal((expected.Status, expected.FilledQuantity, expected.AverageFillPrice), (stored.Status, stored.FilledQuantity, stored.AverageFillPrice));
        }
        // 426,050 KRW for 6 shares; each step rounds to four decimals, so the last digit may drift by one.
        Assert.InRange(expected.AverageFillPrice!.Value, 71_008.3333m, 71_008.3334m);
    }

    [Fact]
    public async Task AddFill_SameExecutionKeyTwice_IsIdempotent()
    {
        await Ledger.AddAsync(Order("a", T0, brokerNo: "1", status: LedgerOrderStatus.Sent));
        var fill = new LedgerFill("a", "k1", 4, 71_000m, T0, "notice");
        Assert.True(await Ledger.AddFillAsync(fill));
        Assert.False(await Ledger.AddFillAsync(fill));
        Assert.False(await Ledger.AddFillAsync(fill with { Quantity = 5 }));
        Assert.Equal(4, (await Ledger.GetAsync("a"))!.FilledQuantity);
        Assert.Single(await Ledger.FillsAsync("a"));
    }

    [Fact]
    public async Task AddFill_ConcurrentDuplicates_RecordOnce()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 100, brokerNo: "1", status: LedgerOrderStatus.Sent));
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Ledger.AddFillAsync(new LedgerFill("a", "same", 3, 71_000m, T0, "notice")))));
        Assert.Single(results, r => r);
        Assert.Equal(3, (await Ledger.GetAsync("a"))!.FilledQuantity);
    }

    [Fact]
    public async Task AddFill_ZeroShares_MarksTheKeySeen_AndChangesNothingElse()
    {
        var sent = Order("a", T0, brokerNo: "1", status: LedgerOrderStatus.Sent);
        await Ledger.AddAsync(sent);
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "ntc:4", 0, 71_000m, T0.AddSeconds(3), "notice")));
        Assert.Equal(sent, await Ledger.GetAsync("a"));
        Assert.False(await Ledger.AddFillAsync(new LedgerFill("a", "ntc:4", 4, 71_000m, T0.AddSeconds(3), "notice")));
        Assert.Equal("ntc:4", Assert.Single(await Ledger.FillsAsync("a")).ExecutionKey);
    }

    [Fact]
    public async Task AddFill_BeyondTheQuantity_IsRefused_AndRecordsNothing()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 10, brokerNo: "1", status: LedgerOrderStatus.Sent));
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k1", 8, 71_000m, T0, "notice")));
        var before = await Ledger.GetAsync("a");

        await Assert.ThrowsAsync<IllegalOrderTransitionException>(() => Ledger.AddFillAsync(new LedgerFill("a", "k2", 3, 71_000m, T0, "notice")));

        Assert.Equal(before, await Ledger.GetAsync("a"));
        Assert.Equal(["k1"], (await Ledger.FillsAsync("a")).Select(f => f.ExecutionKey));
        // The refused key was not consumed: the broker's true remainder is still recorded under it.
        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k2", 2, 71_000m, T0, "notice")));
        Assert.Equal(LedgerOrderStatus.Filled, (await Ledger.GetAsync("a"))!.Status);
    }

    [Fact]
    public async Task AddFill_NegativeQuantity_IsRefused_AndRecordsNothing()
    {
        await Ledger.AddAsync(Order("a", T0, brokerNo: "1", status: LedgerOrderStatus.Sent));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Ledger.AddFillAsync(new LedgerFill("a", "k1", -1, 71_000m, T0, "poll")));
        Assert.Empty(await Ledger.FillsAsync("a"));
    }

    [Fact]
    public async Task AddFill_AfterCancel_KeepsItCancelled_UnlessTheFillCompletesIt()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 10, brokerNo: "1", status: LedgerOrderStatus.Sent));
        Assert.True(await Ledger.UpdateAsync((await Ledger.GetAsync("a"))!.Cancelled("cancelled: stale"), LedgerOrderStatus.Sent));

        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k1", 4, 71_000m, T0, "poll")));
        var partial = (await Ledger.GetAsync("a"))!;
        Assert.Equal((LedgerOrderStatus.Cancelled, 4L, "cancelled: stale"), (partial.Status, partial.FilledQuantity, partial.LastError));

        Assert.True(await Ledger.AddFillAsync(new LedgerFill("a", "k2", 6, 71_000m, T0, "poll")));
        Assert.Equal((LedgerOrderStatus.Filled, 10L), ((await Ledger.GetAsync("a"))!.Status, (await Ledger.GetAsync("a"))!.FilledQuantity));
    }

    [Fact]
    public async Task AddFill_UnknownOrder_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.AddFillAsync(new LedgerFill("nope", "k", 1, 1m, T0, "poll")));
    }

    [Fact]
    public async Task Fills_AreListedPerOrder_InTheOrderRecorded()
    {
        await Ledger.AddAsync(Order("a", T0, qty: 10, brokerNo: "1", status: LedgerOrderStatus.Sent));
        await Ledger.AddAsync(Order("b", T0, qty: 10, brokerNo: "2", status: LedgerOrderStatus.Sent));
        await Ledger.AddFillAsync(new LedgerFill("a", "a-late", 1, 71_000m, T0.AddSeconds(9), "notice"));
        await Ledger.AddFillAsync(new LedgerFill("b", "b-1", 1, 71_000m, T0.AddSeconds(5), "notice"));
        await Ledger.AddFillAsync(new LedgerFill("a", "a-early", 1, 71_000m, T0.AddSeconds(1), "poll"));
        Assert.Equal([new LedgerFill("a", "a-late", 1, 71_000m, T0.AddSeconds(9), "notice"), new LedgerFill("a", "a-early", 1, 71_000m, T0.AddSeconds(1), "poll")],
            await Ledger.FillsAsync("a"));
    }
}
