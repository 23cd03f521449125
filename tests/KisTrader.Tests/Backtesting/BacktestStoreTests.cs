using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;

namespace KisTrader.Tests.Backtesting;

/// <summary>What every <see cref="IBacktestStore"/> does: the EF store on SQLite and PostgreSQL (migrated as at
/// start-up) and the in-memory one.</summary>
public abstract class BacktestStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 9, 10, 0, 0, 123, TimeSpan.Zero);
    protected IBacktestStore Store { get; private set; } = default!;

    protected abstract Task<IBacktestStore> CreateAsync();

    public async Task InitializeAsync() => Store = await CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A real report: buy-and-hold over the hand-made year-end bars.</summary>
    private static async Task<BacktestReport> ReportAsync(BacktestEngineKind engine = BacktestEngineKind.BuyAndHold)
    {
        var rows = BarFixture.Parse(YearEndFixture.Csv).SelectMany(kv => kv.Value.Select(b =>
            HistoryBar.Daily(kv.Key, b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue, "test", DateTimeOffset.UnixEpoch))).ToList();
        var request = new BacktestRequest { From = new DateOnly(2025, 12, 22), To = new DateOnly(2026, 1, 7), Engine = engine, InitialCash = 30_000_000m };
        return await new BacktestEngine().RunAsync(request, BacktestBars.FromRows(rows, request));
    }

    [Fact]
    public async Task Save_ThenGet_GivesBackTheSameReport_ByteForByte()
    {
        var report = await ReportAsync();
        await Store.SaveAsync(new StoredBacktest("bt-1", At, "1.2.3+abc", report));

        var stored = await Store.GetAsync("bt-1");

        Assert.NotNull(stored);
        Assert.Equal(("bt-1", At, "1.2.3+abc"), (stored.Id, stored.CreatedAt, stored.CodeVersion));
        Assert.Equal(BacktestJson.Serialize(report), BacktestJson.Serialize(stored.Report));
        Assert.NotEmpty(stored.Report.Fills);
        Assert.Equal(10, stored.Report.Equity.Count);
    }

    [Fact]
    public async Task List_GivesSummaries_NewestFirst_AndDeleteRemovesOne()
    {
        var report = await ReportAsync();
        await Store.SaveAsync(new StoredBacktest("old", At, "v1", report));
        await Store.SaveAsync(new StoredBacktest("new", At.AddMinutes(5), "v1", report));

        var list = await Store.ListAsync();

        Assert.Equal(["new", "old"], list.Select(s => s.Id));
        var s = list[0];
        Assert.Equal(("buy-and-hold", new DateOnly(2025, 12, 22), new DateOnly(2026, 1, 7), 3), (s.Engine, s.From, s.To, s.Instruments));
        Assert.Equal((report.Data.Sha256, report.Metrics.TotalReturn, report.BuyAndHold.TotalReturn), (s.DataSha256, s.TotalReturn, s.BuyAndHoldReturn));
        Assert.Single(await Store.ListAsync(max: 1));

        Assert.True(await Store.DeleteAsync("old"));
        Assert.False(await Store.DeleteAsync("old"));
        Assert.Null(await Store.GetAsync("old"));
        Assert.Equal(["new"], (await Store.ListAsync()).Select(x => x.Id));
    }

    [Fact]
    public async Task ABacktestIsNeverOverwritten()
    {
        var report = await ReportAsync();
        await Store.SaveAsync(new StoredBacktest("bt", At, "v1", report));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SaveAsync(new StoredBacktest("bt", At, "v2", report)));
        Assert.Equal("v1", (await Store.GetAsync("bt"))!.CodeVersion);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(new StoredBacktest("", At, "v1", report)));
    }
}

public sealed class SqliteBacktestStoreTests : BacktestStoreContract
{
    protected override async Task<IBacktestStore> CreateAsync()
    {
        var factory = await TestContextFactory.MigratedSqliteAsync("backtests");
        return new EfBacktestStore(factory);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBacktestStoreTests(PostgresServer server) : BacktestStoreContract
{
    protected override async Task<IBacktestStore> CreateAsync()
    {
        var factory = await TestContextFactory.MigratedPostgresAsync(server);
        return new EfBacktestStore(factory);
    }
}

public sealed class InMemoryBacktestStoreTests : BacktestStoreContract
{
    protected override Task<IBacktestStore> CreateAsync() => Task.FromResult<IBacktestStore>(new InMemoryBacktestStore());
}
