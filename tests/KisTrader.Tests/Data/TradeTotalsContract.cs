using System.Data.Common;
using System.Globalization;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static KisTrader.Tests.Data.TradeSamples;

namespace KisTrader.Tests.Data;

/// <summary>The per-day, per-month and per-year subtotal tables (per ticker, and per side alone) behind the Trades page's totals: every write path keeps them equal
/// to a recomputation from <c>trades</c>, the migration fills them, and the page's answers (rows, paging, totals) equal
/// the in-memory reference over a set with KST day, month and year edges, partial fills and P&amp;L updates.</summary>
public abstract class TradeTotalsContract : IAsyncLifetime
{
    private IDbContextFactory<KisTraderDbContext> _factory = default!;
    private EfTradeStore _store = default!;

    protected abstract Task<(DatabaseProvider Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        _factory = new TestContextFactory(provider, cs);
        await new DatabaseInitializer(_factory).InitializeAsync();
        _store = new EfTradeStore(_factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>15:00 UTC is midnight KST: the last instant of a KST day and the first of the next, at a month's end.</summary>
    private static readonly DateTimeOffset MonthEndMidnight = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero); // 2026-12-01 00:00 KST

    /// <summary>Midnight KST at a year's end: the year table's edge.</summary>
    private static readonly DateTimeOffset YearEndMidnight = new(2026, 12, 31, 15, 0, 0, TimeSpan.Zero); // 2027-01-01 00:00 KST

    [Fact]
    public async Task Insert_KeepsTheSubtotalsEqualToARecomputation()
    {
        await _store.InsertAsync(Trade("a", MonthEndMidnight.AddTicks(-10), price: 71_950.1234m, pnl7: -12.3456m));
        await _store.InsertAsync(Trade("b", MonthEndMidnight, action: TradeAction.Sell, quantity: 7, pnl30: 5m));
        await _store.InsertAsync(Trade("b", MonthEndMidnight, action: TradeAction.Sell, quantity: 7, pnl30: 5m)); // already recorded
        await AssertSubtotalsRecomputedAsync(expectedDays: 2);
    }

    [Fact]
    public async Task InsertMany_KeepsTheSubtotalsEqualToARecomputation()
    {
        var batch = Enumerable.Range(0, 40).Select(i => Trade($"m{i}", MonthEndMidnight.AddHours(i * 7 - 100),
            ticker: i % 3 == 0 ? "000660" : "005930", action: i % 2 == 0 ? TradeAction.Buy : TradeAction.Sell, quantity: 1 + i,
            price: 1_000m + i * 0.0001m, pnl7: i % 4 == 0 ? i * 1.5m : null, pnl30: i % 5 == 0 ? -i * 1000.0001m : null)).ToList();
        await _store.InsertAsync(batch[0]);
        Assert.Equal(39, await _store.InsertManyAsync(batch)); // the one recorded already is skipped, not counted twice
        await AssertSubtotalsRecomputedAsync();
    }

    [Fact]
    public async Task RecordExecution_MovesTheTradeBetweenDaysAndMonths_InTheSubtotals()
    {
        await _store.RecordExecutionAsync(Trade("e", MonthEndMidnight.AddSeconds(-5), quantity: 3, price: 100m, pnl7: 1m));
        await AssertSubtotalsRecomputedAsync();
        // The last fill arrives after midnight KST (the next day and month): the trade moves with its new size and price.
        await _store.RecordExecutionAsync(Trade("e", MonthEndMidnight.AddSeconds(5), quantity: 10, price: 101.5m));
        await AssertSubtotalsRecomputedAsync(expectedDays: 1);
        await _store.RecordExecutionAsync(Trade("e", MonthEndMidnight.AddSeconds(5), quantity: 10, price: 101.5m)); // no change
        await AssertSubtotalsRecomputedAsync(expectedDays: 1);
    }

    [Fact]
    public async Task UpdatePnl_KeepsTheKnownCountsAndSumsEqualToARecomputation()
    {
        await _store.InsertAsync(Trade("p", MonthEndMidnight, pnl7: 10m));
        await _store.InsertAsync(Trade("q", MonthEndMidnight.AddDays(1)));
        Assert.True(await _store.UpdatePnlAsync("p", PnlHorizon.SevenDays, -20.25m));
        Assert.True(await _store.UpdatePnlAsync("q", PnlHorizon.ThirtyDays, 33.33335m)); // stored with 4 decimals
        Assert.False(await _store.UpdatePnlAsync("missing", PnlHorizon.SevenDays, 1m));
        await AssertSubtotalsRecomputedAsync(expectedDays: 2);
        Assert.Equal(33.3334m, (await _store.FindAsync("q"))!.Pnl30Days);
    }

    [Fact]
    public async Task Migration_FillsTheSubtotalsFromTheTradesAlreadyRecorded()
    {
        var (provider, cs) = await CreateDatabaseAsync();
        var factory = new TestContextFactory(provider, cs);
        await using (var db = factory.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261214000000_TradeQueryIndexes");
            for (var i = 0; i < 30; i++)
                db.Trades.Add(Trade($"old{i}", YearEndMidnight.AddDays(i * 5 - 70).AddHours(i), ticker: i % 2 == 0 ? "005930" : "0001A0",
                    action: i % 3 == 0 ? TradeAction.Sell : TradeAction.Buy, quantity: 1 + i, price: 71_950.1234m - i,
                    pnl7: i % 2 == 0 ? -0.0001m * i : null, pnl30: i % 4 == 0 ? 1_234_567.8901m : null).ToEntity());
            await db.SaveChangesAsync();
        }
        await new DatabaseInitializer(factory).InitializeAsync();
        _factory = factory;
        await AssertSubtotalsRecomputedAsync();
    }

    [Fact]
    public Task Query_AnswersAsTheInMemoryReference_OverDayAndMonthEdges() => QueryAnswersAsTheReferenceAsync(MonthEndMidnight);

    [Fact]
    public Task Query_AnswersAsTheInMemoryReference_OverYearEdges() => QueryAnswersAsTheReferenceAsync(YearEndMidnight);

    /// <summary>Trades seeded either side of <paramref name="edge"/> (a KST midnight), queried over periods that start and
    /// end on, near and across it: every answer equals the in-memory reference's.</summary>
    private async Task QueryAnswersAsTheReferenceAsync(DateTimeOffset edge)
    {
        var all = await SeedAsync(edge);
        // Bounds a microsecond off midnight at most: PostgreSQL keeps microseconds (a tick would round away).
        var froms = new[]
        {
            DateTimeOffset.MinValue, edge.AddYears(-100), edge.AddMonths(-3), edge.AddMonths(-2).AddDays(-1),
            edge.AddDays(-1).AddTicks(10), edge.AddHours(-3), edge, edge.AddMinutes(30),
        };
        var tos = new[]
        {
            edge, edge.AddTicks(10), edge.AddDays(1), edge.AddDays(3).AddHours(7),
            edge.AddMonths(2).AddMinutes(1), DateTimeOffset.MaxValue,
        };
        TradeFilter?[] filters = [null, new("005930"), new(null, TradeAction.Sell), new("000660", TradeAction.Buy), new("123456")];
        var checkedQueries = 0;
        foreach (var from in froms)
            foreach (var to in tos.Where(t => t >= from))
                foreach (var filter in filters)
                    foreach (var (skip, sort, descending) in new[] { (0, TradeSort.Timestamp, true), (25, TradeSort.Timestamp, true), (3, TradeSort.Price, false) })
                    {
                        var q = new TradeQuery(from, to, filter, skip, 25, sort, descending);
                        var expected = TradeQueries.Apply(all, q);
                        var actual = await _store.QueryAsync(q);
                        Assert.True(expected.Summary == actual.Summary, $"{from:o}..{to:o} {filter}: expected {expected.Summary}, got {actual.Summary}");
                        Assert.Equal(expected.Items.Select(t => t.TradeId), actual.Items.Select(t => t.TradeId));
                        checkedQueries++;
                    }
        Assert.True(checkedQueries > 500);
    }

    /// <summary>Trades over five months around <paramref name="edge"/>, many right at KST midnights, some filled in parts
    /// (the last fill moving them across midnight) and with P&amp;L set later; returns them as the store holds them.</summary>
    private async Task<List<TradeRecord>> SeedAsync(DateTimeOffset edge)
    {
        string[] tickers = ["005930", "000660", "0001A0"];
        var batch = new List<TradeRecord>();
        for (var i = 0; i < 600; i++)
        {
            var day = edge.AddDays(i % 150 - 75);
            var at = (i % 4) switch { 0 => day, 1 => day.AddTicks(-10), 2 => day.AddHours(1 + i % 11), _ => day.AddMinutes(-(i % 50)) };
            batch.Add(Trade($"s{i:D4}", at, tickers[i % 3], i % 5 < 2 ? TradeAction.Sell : TradeAction.Buy, 1 + i % 17, 900m + i * 0.0137m,
                pnl7: i % 3 == 0 ? i * 0.5m - 100m : null, pnl30: i % 7 == 0 ? -i * 10.0001m : null));
        }
        foreach (var chunk in batch.Chunk(128)) await _store.InsertManyAsync(chunk);
        for (var i = 0; i < 600; i += 9) // partial fills: the execution completes a few seconds to hours later
            await _store.RecordExecutionAsync(batch[i] with { Timestamp = batch[i].Timestamp.AddSeconds(i * 37 % 20_000), Quantity = batch[i].Quantity + 5, Price = batch[i].Price + 0.5m });
        for (var i = 1; i < 600; i += 11)
            await _store.UpdatePnlAsync(batch[i].TradeId, i % 2 == 0 ? PnlHorizon.SevenDays : PnlHorizon.ThirtyDays, i * 3.25m - 700m);
        var stored = await _store.GetByPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(600, stored.Count);
        await AssertSubtotalsRecomputedAsync();
        return [.. stored];
    }

    /// <summary>Reads the three subtotal tables and recomputes them from every trade (KST dates, decimal sums); they must be
    /// equal, rows with nothing left in them aside.</summary>
    private async Task AssertSubtotalsRecomputedAsync(int? expectedDays = null)
    {
        var trades = await new EfTradeStore(_factory).GetByPeriodAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        static string Row(string key, string? ticker, IEnumerable<TradeRecord> g) => string.Create(CultureInfo.InvariantCulture,
            $"{key}{(ticker is null ? "" : " " + ticker)} {g.First().Action.ToText()}: {g.Count()} {g.Sum(t => t.Price * t.Quantity):0.0000} {g.Count(t => t.Pnl7Days is not null)} {g.Sum(t => t.Pnl7Days ?? 0m):0.0000} {g.Count(t => t.Pnl30Days is not null)} {g.Sum(t => t.Pnl30Days ?? 0m):0.0000}");
        static string Key(TradeRecord t, string format) => t.Timestamp.ToKst().ToString(format, CultureInfo.InvariantCulture);
        List<string> Expected(string format) => [.. trades.GroupBy(t => (Key(t, format), t.Ticker, t.Action))
            .Select(g => Row(g.Key.Item1, g.Key.Ticker, g)).Order(StringComparer.Ordinal)];
        var days = await ReadTableAsync("trade_day_totals", "day");
        Assert.Equal(Expected("yyyyMMdd"), days);
        Assert.Equal(Expected("yyyyMM"), await ReadTableAsync("trade_month_totals", "month"));
        Assert.Equal(Expected("yyyy"), await ReadTableAsync("trade_year_totals", "year"));
        // Every ticker of a side together, the three levels in one table.
        List<string> sides = [.. new[] { "yyyyMMdd", "yyyyMM", "yyyy" }
            .SelectMany(format => trades.GroupBy(t => (Key(t, format), t.Action)).Select(g => Row(g.Key.Item1, null, g))).Order(StringComparer.Ordinal)];
        Assert.Equal(sides, await ReadTableAsync("trade_side_totals", "period", perTicker: false));
        // No row is left without trades: the page counts tickers by the rows present.
        foreach (var (table, key) in new[] { ("trade_day_totals", "day"), ("trade_month_totals", "month"), ("trade_year_totals", "year"), ("trade_side_totals", "period") })
            Assert.Empty(await ReadTableAsync(table, key, perTicker: key != "period", emptyOnly: true));
        if (expectedDays is { } n) Assert.Equal(n, days.Count);
    }

    private async Task<List<string>> ReadTableAsync(string table, string key, bool perTicker = true, bool emptyOnly = false)
    {
        await using var db = _factory.CreateDbContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT \"{key}\", {(perTicker ? "ticker" : "''")}, \"action\", trade_count, value_e4, known_7, pnl_7_e4, known_30, pnl_30_e4 FROM {table}"
            + (emptyOnly ? " WHERE trade_count = 0" : "");
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            long L(int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{L(0)}{(perTicker ? " " + r.GetString(1) : "")} {r.GetString(2)}: {L(3)} {L(4) / 10_000m:0.0000} {L(5)} {L(6) / 10_000m:0.0000} {L(7)} {L(8) / 10_000m:0.0000}"));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}

public sealed class SqliteTradeTotalsTests : TradeTotalsContract
{
    protected override Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        Task.FromResult((DatabaseProvider.Sqlite, TestContextFactory.NewSqliteConnectionString()));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTradeTotalsTests(PostgresServer server) : TradeTotalsContract
{
    protected override async Task<(DatabaseProvider, string)> CreateDatabaseAsync() =>
        (DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
