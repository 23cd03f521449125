using KisTrader.Core.Approvals;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Graphs.Operational;

public sealed class TradeRecorderTests : IDisposable
{
    private readonly OperationalHarness _h = new(ApprovalMode.Off);

    public void Dispose() => _h.Dispose();

    private async Task<LedgerOrder> OrderAsync(long qty, string? runId = null, string? justification = "breakout above 20-day high")
    {
        var now = _h.Time.GetUtcNow();
        var o = new LedgerOrder("o-" + Guid.NewGuid().ToString("N")[..10], now, now, "005930", Side.Sell, qty, OrderPriceType.Limit, 71_000m,
            LedgerOrderStatus.Sent, "00950", "1234", 0, null, runId, null, justification, null);
        await _h.Ledger.AddAsync(o);
        return o;
    }

    [Fact]
    public async Task RecordTwice_WritesOneTrade_WithTheOrderIdAsItsKey()
    {
        var o = await OrderAsync(10);
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 4, 71_000m, _h.Time.GetUtcNow(), "notice"));
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e2", 6, 71_100m, _h.Time.GetUtcNow().AddSeconds(3), "notice"));

        var first = await _h.Recorder.RecordAsync(o);
        var second = await _h.Recorder.RecordAsync(o);

        Assert.Equal("t-" + o.OrderId, first!.TradeId);
        Assert.Equal(first, second);
        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal(10, trade.Quantity);
        Assert.Equal(71_060m, trade.Price);
        Assert.Equal(KisTrader.Core.Trades.TradeAction.Sell, trade.Action);
        Assert.Equal(_h.Time.GetUtcNow().AddSeconds(3), trade.Timestamp);
        Assert.Equal("breakout above 20-day high", trade.JustificationText);
        Assert.Equal(first.TradeId, _h.Ledger.Orders[o.OrderId].TradeId);
    }

    [Fact]
    public async Task PartlyFilledOpenOrder_IsRecorded_AndBroughtUpToDateAsFillsArrive()
    {
        var o = await OrderAsync(10);
        var t0 = _h.Time.GetUtcNow();
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 4, 71_000m, t0, "notice"));
        var partial = await _h.Recorder.RecordAsync(o);
        Assert.Equal((4L, 71_000m, t0), (partial!.Quantity, partial.Price, partial.Timestamp));
        // The ledger's trade id waits for the final state: writing it from an open order's read could undo a later change.
        Assert.Null(_h.Ledger.Orders[o.OrderId].TradeId);

        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e2", 6, 71_100m, t0.AddSeconds(9), "notice"));
        var complete = await _h.Recorder.RecordAsync(o);

        Assert.Equal((partial.TradeId, 10L, 71_060m, t0.AddSeconds(9)), (complete!.TradeId, complete.Quantity, complete.Price, complete.Timestamp));
        Assert.Equal(complete, Assert.Single(_h.Trades.Trades.Values));
        Assert.Equal(partial.JustificationText, complete.JustificationText);
        Assert.Equal(complete.TradeId, _h.Ledger.Orders[o.OrderId].TradeId);
    }

    [Fact]
    public async Task UnfilledOrder_HasNoTrade()
    {
        var o = await OrderAsync(10);
        Assert.Null(await _h.Recorder.RecordAsync(o));
        Assert.Empty(_h.Trades.Trades);
    }

    [Fact]
    public async Task CancelledAfterAPartialFill_RecordsTheFilledPart()
    {
        var o = await OrderAsync(10);
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 4, 71_000m, _h.Time.GetUtcNow(), "notice"));
        Assert.True(await _h.Ledger.UpdateAsync(_h.Ledger.Orders[o.OrderId].Cancelled(), LedgerOrderStatus.PartiallyFilled));
        var trade = await _h.Recorder.RecordAsync(o);
        Assert.Equal(4, trade!.Quantity);
    }

    [Fact]
    public async Task OrderUpdatedEvents_RecordAFilledOrderOnce_FromTheLedgerOrdersContext()
    {
        _h.Gateway.FillImmediately = false;
        var run = await _h.Runner.StartAsync("manual");
        _h.Recorder.Start();
        var o = _h.Ledger.Orders.Values.Single();
        // The trade is the ledger's projection: the recorder cannot read the run's saved state (it is given the trade
        // store, the ledger and the bus only).
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 10, 70_100m, _h.Time.GetUtcNow(), "notice"));
        var filled = _h.Ledger.Orders[o.OrderId];

        _h.Bus.Publish(new OrderUpdated(filled));
        _h.Bus.Publish(new OrderUpdated(filled));

        var trade = await OperationalGraphTests.Eventually(() => _h.Trades.Trades.Values.SingleOrDefault());
        Assert.Equal(run.RunId, _h.Ledger.Orders[o.OrderId].RunId);
        Assert.Contains("\"cash\":10000000", trade.PortfolioBefore);
        Assert.Contains("volume_surge", trade.MarketSnapshot);
        await OperationalGraphTests.Eventually(() => _h.Trades.Trades.Count >= 1 ? "done" : null);
        Assert.Single(_h.Trades.Trades);
    }

    [Fact]
    public async Task RecordedTrade_SnapshotCarriesTheDecisionsRuleFeatures_BesideTheAnalysis()
    {
        _h.Gateway.FillImmediately = false;
        await _h.Runner.StartAsync("manual");
        var o = _h.Ledger.Orders.Values.Single();
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 10, 70_000m, _h.Time.GetUtcNow().AddMinutes(5), "notice"));

        var first = await _h.Recorder.RecordAsync(o);
        var second = await _h.Recorder.RecordAsync(o);

        Assert.Equal(first, second);
        var snapshot = first!.MarketSnapshot;
        // The existing properties stay as they were.
        foreach (var property in (string[])["\"takenAt\"", "\"feed\"", "\"stale\"", "\"sentimentScore\"", "\"ticker\"", "\"opportunities\"", "\"risks\""])
            Assert.Contains(property, snapshot);
        var f = RuleFeatures.FromRecordedTrade(snapshot, first.PortfolioBefore, "BUY", first.Timestamp)!;
        Assert.Equal("BUY", f.Texts["side"]);
        Assert.Equal("005930", f.Texts["ticker"]);
        Assert.Equal(0.7m, f.Numbers["confidence"]);
        Assert.Equal(700_000m, f.Numbers["order_value_krw"]);
        Assert.Equal(28m, f.Numbers["rsi14"]);
        Assert.True(f.Flags["signal_volume_surge"]);
        Assert.False(f.Flags["held"]);
        Assert.Equal((decimal)_h.Time.GetUtcNow().ToKst().Hour, f.Numbers["hour_kst"]);
        Assert.True(RuleLanguage.Parse("side == \"BUY\" and rsi14 < 30 and signal_volume_surge").Evaluate(f));
    }

    [Fact]
    public async Task OrderWithoutRun_IsRecordedWithAnExplicitUnknownSnapshot()
    {
        var o = await OrderAsync(3, runId: null, justification: null);
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 3, 71_000m, _h.Time.GetUtcNow(), "ccld"));
        var trade = await _h.Recorder.RecordAsync(o);
        Assert.Equal("{\"unknown\":true}", trade!.MarketSnapshot);
        Assert.Contains("no justification recorded", trade.JustificationText);
    }

    [Fact]
    public async Task RecordMissing_RecordsFinishedOrdersWithoutATrade_Once()
    {
        var done = await OrderAsync(5);
        await _h.Ledger.AddFillAsync(new LedgerFill(done.OrderId, "e1", 5, 71_000m, _h.Time.GetUtcNow(), "ccld"));
        var open = await OrderAsync(5);

        var first = await _h.Recorder.RecordMissingAsync(_h.Time.GetUtcNow().AddHours(-1), _h.Time.GetUtcNow().AddHours(1));
        var second = await _h.Recorder.RecordMissingAsync(_h.Time.GetUtcNow().AddHours(-1), _h.Time.GetUtcNow().AddHours(1));

        Assert.Equal("t-" + done.OrderId, Assert.Single(first).TradeId);
        Assert.Equal(first, second);
        Assert.Null(_h.Ledger.Orders[open.OrderId].TradeId);
        Assert.Single(_h.Trades.Trades);
    }

    [Fact]
    public async Task RecordMissing_BringsUpToDateATradeWhoseOrderFilledFurtherWhileNothingListened()
    {
        var o = await OrderAsync(10);
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e1", 4, 71_000m, _h.Time.GetUtcNow(), "notice"));
        await _h.Recorder.RecordAsync(o);
        await _h.Ledger.AddFillAsync(new LedgerFill(o.OrderId, "e2", 6, 72_000m, _h.Time.GetUtcNow().AddMinutes(1), "poll"));

        await _h.Recorder.RecordMissingAsync(_h.Time.GetUtcNow().AddHours(-1), _h.Time.GetUtcNow().AddHours(1));

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal((10L, 71_600m), (trade.Quantity, trade.Price));
    }

    [Fact]
    public async Task ExecutedOrder_CarriesItsDecisionContextInTheLedger()
    {
        _h.Gateway.FillImmediately = false;
        var run = await _h.Runner.StartAsync("manual");
        var context = _h.Ledger.Orders.Values.Single().Context!;
        Assert.Equal(run.RunId, context.PlanId);
        Assert.False(string.IsNullOrEmpty(context.Engine));
        Assert.Contains("\"cash\":10000000", context.PortfolioBefore);
        Assert.Contains("volume_surge", context.MarketSnapshot);
        Assert.Contains("\"rsi14\":28", context.RuleFeatures);
    }
}
