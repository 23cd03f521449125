using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;
using static KisTrader.Tests.Data.TradeSamples;

namespace KisTrader.Tests.Data;

/// <summary>The trade store's behaviour, run against each real database provider.</summary>
public abstract class TradeStoreContract : IAsyncLifetime
{
    protected ITradeStore Store { get; private set; } = default!;
    private IDbContextFactory<KisTraderDbContext> _factory = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        _factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(_factory).InitializeAsync();
        Store = new EfTradeStore(_factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> RowCountAsync()
    {
        await using var db = await _factory.CreateDbContextAsync();
        return await db.Trades.CountAsync();
    }

    [Fact]
    public async Task Insert_ThenFind_RoundTripsEveryField()
    {
        var t = Trade("t1", Base, pnl7: -1234.5m, pnl30: 99.25m) with { Price = 71_950.1234m, OrderedAt = Base.AddMilliseconds(-3_250), MlProbability = 0.6731m, MlModelVersion = "up5d-1pct v3" };
        Assert.Equal(TradeInsertResult.Inserted, await Store.InsertAsync(t));
        var back = await Store.FindAsync("t1");
        Assert.Equal(t, back);
    }

    [Fact]
    public async Task Insert_SameTradeTwice_IsIdempotent()
    {
        var t = Trade("t1", Base);
        await Store.InsertAsync(t);
        Assert.Equal(TradeInsertResult.AlreadyRecorded, await Store.InsertAsync(t));
        Assert.Equal(1, await RowCountAsync());
    }

    [Fact]
    public async Task RecordExecution_InsertsThenBringsTheExecutionUpToDate_KeepingTheDecisionAndPnl()
    {
        var first = Trade("t1", Base, quantity: 4, price: 71_000m, pnl7: 12m);
        Assert.Equal(TradeInsertResult.Inserted, await Store.RecordExecutionAsync(first));
        Assert.Equal(TradeInsertResult.AlreadyRecorded, await Store.RecordExecutionAsync(first));

        var more = Trade("t1", Base.AddSeconds(9), quantity: 10, price: 71_060m) with { JustificationText = "ignored", MarketSnapshot = "{}" };
        Assert.Equal(TradeInsertResult.Updated, await Store.RecordExecutionAsync(more));

        Assert.Equal(first with { Timestamp = Base.AddSeconds(9), Quantity = 10, Price = 71_060m }, await Store.FindAsync("t1"));
        Assert.Equal(1, await RowCountAsync());
    }

    [Fact]
    public async Task RecordExecution_OfAnotherTickerOrSideUnderTheSameId_IsRefused()
    {
        await Store.RecordExecutionAsync(Trade("t1", Base));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.RecordExecutionAsync(Trade("t1", Base, action: TradeAction.Sell)));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.RecordExecutionAsync(Trade("t1", Base, ticker: "000660")));
        Assert.Equal(Trade("t1", Base), await Store.FindAsync("t1"));
    }

    [Fact]
    public async Task Insert_DifferentTradeWithSameId_IsRefusedAndKeepsTheFirst()
    {
        await Store.InsertAsync(Trade("t1", Base, quantity: 10));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.InsertAsync(Trade("t1", Base, quantity: 11)));
        Assert.Equal(10, (await Store.FindAsync("t1"))!.Quantity);
    }

    public static TheoryData<string, Func<TradeRecord, TradeRecord>> InvalidRecords => new()
    {
        { "ticker", t => t with { Ticker = "59300" } },
        { "ticker", t => t with { Ticker = "005930A" } },
        { "ticker", t => t with { Ticker = "00593x" } },
        { "action", t => t with { Action = (TradeAction)7 } },
        { "quantity", t => t with { Quantity = 0 } },
        { "quantity", t => t with { Quantity = -5 } },
        { "price", t => t with { Price = 0m } },
        { "price", t => t with { Price = -100m } },
        { "price", t => t with { Price = 50_000_000m } },
        { "justification_text", t => t with { JustificationText = "  " } },
        { "market_snapshot", t => t with { MarketSnapshot = "{\"rsi\": 30" } },
        { "market_snapshot", t => t with { MarketSnapshot = "[1,2]" } },
        { "portfolio_before", t => t with { PortfolioBefore = "not json" } },
        { "trade_id", t => t with { TradeId = "" } },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public async Task Insert_InvalidRecord_IsRejectedNamingTheFieldAndWritesNothing(string field, Func<TradeRecord, TradeRecord> spoil)
    {
        await Store.InsertAsync(Trade("keep", Base));
        var ex = await Assert.ThrowsAsync<TradeValidationException>(() => Store.InsertAsync(spoil(Trade("bad", Base.AddMinutes(1)))));
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
        Assert.Equal(1, await RowCountAsync());
        Assert.Null(await Store.FindAsync("bad"));
    }

    [Fact]
    public async Task GetByPeriod_ReturnsTradesInHalfOpenRangeOldestFirst_WithFilters()
    {
        await Store.InsertAsync(Trade("before", Base.AddDays(-1)));
        await Store.InsertAsync(Trade("start", Base));
        await Store.InsertAsync(Trade("mid-sell", Base.AddHours(2), ticker: "000660", action: TradeAction.Sell));
        await Store.InsertAsync(Trade("mid", Base.AddHours(1)));
        await Store.InsertAsync(Trade("end", Base.AddDays(1)));

        var all = await Store.GetByPeriodAsync(Base, Base.AddDays(1));
        Assert.Equal(["start", "mid", "mid-sell"], all.Select(t => t.TradeId));

        var sells = await Store.GetByPeriodAsync(Base, Base.AddDays(1), new TradeFilter(Action: TradeAction.Sell));
        Assert.Equal(["mid-sell"], sells.Select(t => t.TradeId));

        var samsung = await Store.GetByPeriodAsync(Base.AddDays(-2), Base.AddDays(2), new TradeFilter(Ticker: "005930"));
        Assert.Equal(["before", "start", "mid", "end"], samsung.Select(t => t.TradeId));
    }

    [Fact]
    public async Task GetByPeriod_ComparesInstantsNotLocalClockTimes()
    {
        // 09:00 KST is 00:00 UTC: the same instant whatever offset the caller uses.
        await Store.InsertAsync(Trade("kst", new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.FromHours(9))));
        var hit = await Store.GetByPeriodAsync(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 16, 0, 0, 1, TimeSpan.Zero));
        Assert.Single(hit);
    }

    [Fact]
    public async Task GetWorstTrades_OrdersByPnlAscending_SkipsUnknown_AndRespectsPeriod()
    {
        await Store.InsertAsync(Trade("small-loss", Base, pnl7: -900m));
        await Store.InsertAsync(Trade("big-loss", Base.AddHours(1), pnl7: -120_000.5m));
        await Store.InsertAsync(Trade("gain", Base.AddHours(2), pnl7: 50_000m));
        await Store.InsertAsync(Trade("unknown", Base.AddHours(3)));
        await Store.InsertAsync(Trade("old-loss", Base.AddDays(-30), pnl7: -999_999m));
        // Text ordering would put -900 before -120000.5; the store must order numerically.
        await Store.InsertAsync(Trade("tiny-loss", Base.AddHours(4), pnl7: -10_000m));

        var worst = await Store.GetWorstTradesAsync(PnlHorizon.SevenDays, 3, Base, Base.AddDays(1));
        Assert.Equal(["big-loss", "tiny-loss", "small-loss"], worst.Select(t => t.TradeId));
        Assert.All(worst, t => Assert.False(string.IsNullOrEmpty(t.JustificationText)));
        Assert.All(worst, t => Assert.StartsWith("{", t.MarketSnapshot));

        var everAll = await Store.GetWorstTradesAsync(PnlHorizon.SevenDays, 1);
        Assert.Equal("old-loss", everAll.Single().TradeId);
        Assert.Empty(await Store.GetWorstTradesAsync(PnlHorizon.ThirtyDays, 5));
    }

    [Fact]
    public async Task UpdatePnl_SetsTheHorizonAndOnlyThatTrade()
    {
        await Store.InsertAsync(Trade("a", Base));
        await Store.InsertAsync(Trade("b", Base.AddMinutes(1)));
        Assert.True(await Store.UpdatePnlAsync("a", PnlHorizon.SevenDays, -15_000.25m));
        Assert.True(await Store.UpdatePnlAsync("a", PnlHorizon.ThirtyDays, 42_000m));
        Assert.False(await Store.UpdatePnlAsync("missing", PnlHorizon.SevenDays, 1m));

        var a = await Store.FindAsync("a");
        Assert.Equal(-15_000.25m, a!.Pnl7Days);
        Assert.Equal(42_000m, a.Pnl30Days);
        var b = await Store.FindAsync("b");
        Assert.Null(b!.Pnl7Days);
        Assert.Null(b.Pnl30Days);
    }

    [Fact]
    public async Task UpdatePnl_ImplausibleValue_IsRejectedAndLeavesTheRowUnchanged()
    {
        await Store.InsertAsync(Trade("a", Base, pnl7: 5m));
        var ex = await Assert.ThrowsAsync<TradeValidationException>(() => Store.UpdatePnlAsync("a", PnlHorizon.SevenDays, 1e15m));
        Assert.Equal("pnl_7_days", ex.Field);
        Assert.Equal(5m, (await Store.FindAsync("a"))!.Pnl7Days);
    }

    private async Task SeedPagesAsync()
    {
        // 12 trades an hour apart; prices rise with the index, every third is a sell, tickers alternate.
        for (var i = 0; i < 12; i++)
            await Store.InsertAsync(Trade($"q{i:00}", Base.AddHours(i), ticker: i % 2 == 0 ? "005930" : "000660",
                action: i % 3 == 0 ? TradeAction.Sell : TradeAction.Buy, quantity: 10 + i, price: 1_000m + i * 10m,
                pnl7: i % 4 == 0 ? i * 100m - 500m : null));
    }

    [Fact]
    public async Task Query_ReturnsOnePageNewestFirst_WithTotalsOverEveryMatch()
    {
        await SeedPagesAsync();
        var page = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Skip: 0, Take: 5));
        Assert.Equal(["q11", "q10", "q09", "q08", "q07"], page.Items.Select(t => t.TradeId));
        Assert.Equal(12, page.Summary.Count);
        Assert.Equal(2, page.Summary.Tickers);
        // Sells are q00, q03, q06, q09: (10 × 1000) + (13 × 1030) + (16 × 1060) + (19 × 1090).
        Assert.Equal(10 * 1_000m + 13 * 1_030m + 16 * 1_060m + 19 * 1_090m, page.Summary.Sold);
        Assert.Equal(3, page.Summary.Known7);
        Assert.Equal(-500m - 100m + 300m, page.Summary.Pnl7);

        var last = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Skip: 10, Take: 5));
        Assert.Equal(["q01", "q00"], last.Items.Select(t => t.TradeId));
    }

    [Fact]
    public async Task Query_SortsByTheAskedColumn_InTheDatabase()
    {
        await SeedPagesAsync();
        var cheapest = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Take: 3, Sort: TradeSort.Price, Descending: false));
        Assert.Equal(["q00", "q01", "q02"], cheapest.Items.Select(t => t.TradeId));
        var byTicker = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Take: 12, Sort: TradeSort.Ticker, Descending: false));
        Assert.Equal(6, byTicker.Items.TakeWhile(t => t.Ticker == "000660").Count());
        // Within one ticker the order is stable: oldest first when ascending.
        Assert.Equal("q01", byTicker.Items[0].TradeId);
        var best7 = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Take: 1, Sort: TradeSort.Pnl7Days, Descending: true));
        Assert.Equal("q08", best7.Items.Single().TradeId);
        // Trades without a known P&L come last in both directions, on every database.
        var worst7 = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Take: 12, Sort: TradeSort.Pnl7Days, Descending: false));
        Assert.Equal(["q00", "q04", "q08"], worst7.Items.Take(3).Select(t => t.TradeId));
        Assert.All(worst7.Items.Skip(3), t => Assert.Null(t.Pnl7Days));
    }

    [Fact]
    public async Task Query_FiltersByTickerActionAndPeriod_BeforePaging()
    {
        await SeedPagesAsync();
        var sells = await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), new TradeFilter("000660", TradeAction.Sell), Take: 10));
        Assert.Equal(["q09", "q03"], sells.Items.Select(t => t.TradeId));
        Assert.Equal(2, sells.Summary.Count);
        var morning = await Store.QueryAsync(new TradeQuery(Base.AddHours(2), Base.AddHours(4), Take: 10));
        Assert.Equal(["q03", "q02"], morning.Items.Select(t => t.TradeId));
        var none = await Store.QueryAsync(new TradeQuery(Base.AddDays(2), Base.AddDays(3)));
        Assert.Empty(none.Items);
        Assert.Equal(TradeSummary.Empty, none.Summary);
    }

    [Fact]
    public async Task Query_TotalsAreExact_ForFractionalPricesAndPnl()
    {
        // Aggregated by the database: decimals must add up exactly, not through floating point.
        for (var i = 0; i < 7; i++)
            await Store.InsertAsync(Trade($"f{i}", Base.AddMinutes(i), ticker: i % 2 == 0 ? "005930" : "000660", action: i % 3 == 0 ? TradeAction.Sell : TradeAction.Buy,
                quantity: 3 + i, price: 71_950.1234m + i * 0.0001m, pnl7: 0.1m + i * 0.0003m, pnl30: i % 2 == 0 ? -1_234_567.8901m : null));
        var all = Enumerable.Range(0, 7).ToList();
        var summary = (await Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1)))).Summary;
        Assert.Equal(all.Where(i => i % 3 != 0).Sum(i => (3 + i) * (71_950.1234m + i * 0.0001m)), summary.Bought);
        Assert.Equal(all.Where(i => i % 3 == 0).Sum(i => (3 + i) * (71_950.1234m + i * 0.0001m)), summary.Sold);
        Assert.Equal((7, 2, 7, 4), (summary.Count, summary.Tickers, summary.Known7, summary.Known30));
        Assert.Equal(all.Sum(i => 0.1m + i * 0.0003m), summary.Pnl7);
        Assert.Equal(4 * -1_234_567.8901m, summary.Pnl30);
    }

    [Fact]
    public async Task InsertMany_StoresTheBatch_AndSkipsTradesAlreadyRecorded()
    {
        await Store.InsertAsync(Trade("m1", Base));
        var batch = new[] { Trade("m1", Base), Trade("m2", Base.AddMinutes(1), pnl7: 5m), Trade("m3", Base.AddMinutes(2), action: TradeAction.Sell), Trade("m2", Base.AddMinutes(1), pnl7: 5m) };
        Assert.Equal(2, await Store.InsertManyAsync(batch));
        Assert.Equal(3, await RowCountAsync());
        Assert.Equal(batch[1], await Store.FindAsync("m2"));
        Assert.Equal(batch[2], await Store.FindAsync("m3"));
        Assert.Equal(0, await Store.InsertManyAsync(batch));
    }

    [Fact]
    public async Task InsertMany_WithADifferentTradeUnderARecordedId_WritesNothing()
    {
        await Store.InsertAsync(Trade("m1", Base, quantity: 10));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.InsertManyAsync([Trade("m2", Base), Trade("m1", Base, quantity: 11)]));
        await Assert.ThrowsAsync<TradingSystemException>(() => Store.InsertManyAsync([Trade("m3", Base), Trade("m3", Base, quantity: 12)]));
        Assert.Equal(1, await RowCountAsync());
        Assert.Equal(10, (await Store.FindAsync("m1"))!.Quantity);
    }

    [Fact]
    public async Task InsertMany_WithAnInvalidRecord_WritesNothing()
    {
        var ex = await Assert.ThrowsAsync<TradeValidationException>(() => Store.InsertManyAsync([Trade("m1", Base), Trade("m2", Base, price: 0m)]));
        Assert.Equal("price", ex.Field);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Query_RefusesANegativeSkipOrAnEmptyPage()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Skip: -1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAsync(new TradeQuery(Base, Base.AddDays(1), Take: 0)));
    }
}

internal sealed class TestContextFactory(DatabaseProvider provider, string cs) : IDbContextFactory<KisTraderDbContext>
{
    public KisTraderDbContext CreateDbContext() => DataServiceCollectionExtensions.CreateContext(provider, cs);

    /// <summary>A connection string for a new SQLite file in a fresh temporary folder named kistrader-{purpose}-….</summary>
    public static string NewSqliteConnectionString(string purpose = "sqlite")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kistrader-{purpose}-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "kistrader.db")}";
    }

    /// <summary>A new SQLite file migrated as at start-up (see <see cref="NewSqliteConnectionString"/>).</summary>
    public static async Task<TestContextFactory> MigratedSqliteAsync(string purpose = "sqlite")
    {
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, NewSqliteConnectionString(purpose));
        await new DatabaseInitializer(factory).InitializeAsync();
        return factory;
    }

    /// <summary>A new PostgreSQL database on the test server, migrated as at start-up.</summary>
    public static async Task<TestContextFactory> MigratedPostgresAsync(PostgresServer server)
    {
        var factory = new TestContextFactory(DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
        await new DatabaseInitializer(factory).InitializeAsync();
        return factory;
    }
}

public sealed class SqliteTradeStoreTests : TradeStoreContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTradeStoreTests(PostgresServer server) : TradeStoreContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
