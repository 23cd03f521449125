using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Testing.Ledger;
using KisTrader.Tests.Data;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Tests.Execution;

/// <summary>The ledger contract, plus the trading-mode and equity-mark stores, run against each real database provider.</summary>
public abstract class EfOrderLedgerContract : OrderLedgerContract
{
    private IDbContextFactory<KisTraderDbContext> _factory = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    protected override async Task<IOrderLedger> CreateLedgerAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        _factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(_factory).InitializeAsync();
        return new EfOrderLedger(_factory);
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

    [Fact]
    public async Task EquityMarks_WritersOfTheSameDayAtOnce_AllGetTheOneMarkThatWasStored()
    {
        var recordedAt = new DateTimeOffset(2026, 11, 17, 0, 5, 0, TimeSpan.Zero);
        var day = new DateOnly(2026, 11, 17);
        // Each writer its own store instance, as a run and the loss-limit check have: none sees the others' row first.
        var writers = Enumerable.Range(0, 8).Select(i => new EfEquityMarks(_factory, new FixedClock(recordedAt)).MarkAsync(day, 10_000_000m + i * 1_000.5m));
        var results = await Task.WhenAll(writers);
        var stored = Assert.Single(await new EfEquityMarks(_factory).ListAsync(day, day));
        Assert.All(results, r => Assert.Equal(stored.Equity, r));
        Assert.Contains(stored.Equity, Enumerable.Range(0, 8).Select(i => 10_000_000m + i * 1_000.5m));
        Assert.Equal(recordedAt, stored.RecordedAt);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class SqliteOrderLedgerTests : EfOrderLedgerContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString("ledger")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrderLedgerTests(PostgresServer server) : EfOrderLedgerContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
