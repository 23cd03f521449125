using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Tests.Execution;

/// <summary>The ledger, trading-mode and equity-mark stores, run against each real database provider.</summary>
public abstract class OrderLedgerContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 18, 9, 30, 0, TimeSpan.FromHours(9));
    private IDbContextFactory<KisTraderDbContext> _factory = default!;
    protected IOrderLedger Ledger { get; private set; } = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        _factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(_factory).InitializeAsync();
        Ledger = new EfOrderLedger(_factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    internal static LedgerOrder Order(string id, DateTimeOffset at, long qty = 10, string? brokerNo = null, LedgerOrderStatus status = LedgerOrderStatus.Intent) =>
        new(id, at, at, "005930", Side.Buy, qty, OrderPriceType.Limit, 71_000m, status, brokerNo is null ? null : "00950", brokerNo, 0, null, "run-1", null, "because", null);

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryField()
    {
        var o = Order("a", T0, brokerNo: "0000012345", status: LedgerOrderStatus.Sent) with { LimitPrice = 71_050.5m, LastError = "x", TradeId = "t1" };
        await Ledger.AddAsync(o);
        Assert.Equal(o, await Ledger.GetAsync("a"));
        Assert.Null(await Ledger.GetAsync("missing"));
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
        var sent = Order("a", T0) with { Status = LedgerOrderStatus.Sent, BrokerOrgNo = "00950", BrokerOrderNo = "777", UpdatedAt = T0.AddSeconds(1), LastError = null };
        await Ledger.UpdateAsync(sent);
        Assert.Equal(sent, await Ledger.GetAsync("a"));
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
    public async Task AddFill_UnknownOrder_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Ledger.AddFillAsync(new LedgerFill("nope", "k", 1, 1m, T0, "poll")));
    }

    [Fact]
    public async Task TradingMode_StartsActive_KeepsHistory_AndSurvivesANewStoreInstance()
    {
        var store = new EfTradingModeStore(_factory);
        Assert.Equal(TradingMode.Active, (await store.GetAsync()).Mode);
        await store.SetAsync(new TradingModeState(TradingMode.Halted, "panic", "admin", T0));
        await store.SetAsync(new TradingModeState(TradingMode.Reducing, "calmer", "admin", T0.AddMinutes(1)));
        var reopened = new EfTradingModeStore(_factory);
        Assert.Equal(new TradingModeState(TradingMode.Reducing, "calmer", "admin", T0.AddMinutes(1)), await reopened.GetAsync());
        Assert.Equal([TradingMode.Reducing, TradingMode.Halted], (await reopened.HistoryAsync()).Select(s => s.Mode));
    }

    [Fact]
    public async Task EquityMarks_KeepTheFirstObservationOfEachDay()
    {
        var marks = new EfEquityMarks(_factory);
        var mon = new DateOnly(2026, 11, 16);
        Assert.Equal(10_000_000m, await marks.MarkAsync(mon, 10_000_000m));
        Assert.Equal(10_000_000m, await marks.MarkAsync(mon, 9_000_000m));
        Assert.Equal(9_500_000.25m, await marks.MarkAsync(mon.AddDays(1), 9_500_000.25m));
        Assert.Equal([10_000_000m, 9_500_000.25m], (await marks.ListAsync(mon, mon.AddDays(6))).Select(m => m.Equity));
        Assert.Single(await marks.ListAsync(mon.AddDays(1), mon.AddDays(1)));
    }
}

public sealed class SqliteOrderLedgerTests : OrderLedgerContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString("ledger")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrderLedgerTests(PostgresServer server) : OrderLedgerContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
