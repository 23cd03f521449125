using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace KisTrader.Benchmarks;

/// <summary>trade-store: the trade record with 1,000,000 trades (100,000 in quick mode) on SQLite and on a private
/// PostgreSQL server. The rows go in through the store's batch insert (<see cref="ITradeStore.InsertManyAsync"/>) in two
/// halves, the second interleaved in time with the first, so the Trades page's queries are measured at half and at the
/// full count over the same four years (scaling); each query is <see cref="ITradeStore.QueryAsync"/> exactly as the page
/// builds it, beside a hand-written ADO.NET query with the same filter (the page's 25 rows and the matching count). At the
/// end, the store's insert rate is compared with hand-written ADO.NET inserts of the same rows, batch for batch.</summary>
public static partial class TradeStoreBenchmark
{
    private const int Batch = 1_000;
    private const int Tickers = 200;
    private const int PageSize = 25; // TradesPage.PageSize
    /// <summary>The page's "now": a Friday at 15:30 KST; the trades span the four years before it.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 6, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(4 * 365);
    private const string Ticker = "100070"; // one of the 200

    /// <summary>The page's filters: (label, period in days as the page's select, ticker, side, page index).</summary>
    private static readonly (string Label, int Days, string? Ticker, TradeAction? Side, int Page)[] Cases =
    [
        ("Today", 1, null, null, 0),
        ("30 days (the page's default)", 30, null, null, 0),
        ("1 year", 365, null, null, 0),
        ("All", 36500, null, null, 0),
        ("All, page 41", 36500, null, null, 40),
        ("30 days, SELL", 30, null, TradeAction.Sell, 0),
        ("All, one ticker", 36500, Ticker, null, 0),
        ("1 year, one ticker, BUY", 365, Ticker, TradeAction.Buy, 0),
    ];

    private sealed record QueryTiming(string Label, long Matched, double StoreMedian, double StoreP95, double BaselineMedian, double StoreCpu, double BaselineCpu);

    private sealed record SizeResult(int Rows, double InsertRowsPerSecond, List<QueryTiming> Queries);

    private sealed record ProviderResult(string Name, List<SizeResult> Sizes, double StoreBatchRate, double AdoBatchRate, double SingleInsertRate, int InsertSample,
        double StoreCpuRate, double AdoCpuRate);

    /// <summary>This process's CPU time so far, ms: on a loaded machine the wall time is mostly waiting for a core, the CPU
    /// time is what the work costs (on SQLite all of it, in-process; on PostgreSQL the app's side only).</summary>
    private static double CpuMs() => Environment.CpuUsage.TotalTime.TotalMilliseconds;

    public static async Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        var rows = BenchmarkMode.Pick(1_000_000, 100_000);
        var runs = BenchmarkMode.Pick(15, 5);
        var results = new List<ProviderResult>();

        var dir = Path.Combine(Path.GetTempPath(), "kistrader-bench-trades-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            results.Add(await MeasureAsync("SQLite", DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "kistrader.db")}", rows, runs));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }

        var pg = new PrivatePostgres();
        await pg.StartAsync();
        try
        {
            // Pooled, as the app's connections are (Npgsql's default; the private server's string turns pooling off for the
            // tests' dropped databases): without it every store query paid for a new server process, the baseline not.
            var cs = new NpgsqlConnectionStringBuilder(await pg.CreateDatabaseAsync()) { Pooling = true }.ConnectionString;
            results.Add(await MeasureAsync($"PostgreSQL {pg.Version}", DatabaseProvider.PostgreSql, cs, rows, runs));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await pg.StopAsync();
        }
        return Section(results, rows, runs, machine);
    }

    private static async Task<ProviderResult> MeasureAsync(string name, DatabaseProvider provider, string cs, int rows, int runs)
    {
        var capture = new SqlCapture();
        var factory = new Factory(provider, cs, capture);
        await new DatabaseInitializer(factory).InitializeAsync();
        var store = new EfTradeStore(factory);
        var sizes = new List<SizeResult>();
        // First half: the even indexes; second half: the odd ones, so both halves cover the whole four years.
        foreach (var parity in new[] { 0, 1 })
        {
            var sw = Stopwatch.StartNew();
            for (var start = parity; start < rows; start += 2 * Batch)
            {
                var batch = new List<TradeRecord>(Batch);
                for (var i = start; i < rows && batch.Count < Batch; i += 2) batch.Add(Trade(i, rows));
                await store.InsertManyAsync(batch);
            }
            var rate = rows / 2.0 / sw.Elapsed.TotalSeconds;
            var count = await store.CountAsync();
            Console.WriteLine($"trade-store {name}: {count:#,0} rows, inserted at {rate:#,0} rows/s");
            sizes.Add(new SizeResult(count, rate, await QueriesAsync(name, provider, factory, store, runs, capture, plans: parity == 1)));
        }
        var (storeRate, adoRate, singleRate, sample, storeCpuRate, adoCpuRate) = await InsertRatesAsync(provider, factory, store, rows);
        return new ProviderResult(name, sizes, storeRate, adoRate, singleRate, sample, storeCpuRate, adoCpuRate);
    }

    private static async Task<List<QueryTiming>> QueriesAsync(string name, DatabaseProvider provider, Factory factory, EfTradeStore store, int runs,
        SqlCapture capture, bool plans)
    {
        var timings = new List<QueryTiming>();
        await using var db = factory.CreateDbContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        foreach (var c in Cases)
        {
            // Exactly as TradesPage.LoadAsync builds it.
            var from = c.Days >= 36500 ? Now.AddYears(-100) : KoreaTime.StartOfDay(Now).AddDays(1 - c.Days);
            var query = new TradeQuery(from, Now.AddMinutes(1), new TradeFilter(c.Ticker, c.Side), c.Page * PageSize, PageSize, TradeSort.Timestamp, true);
            var (baselineRows, matched) = await BaselineAsync(conn, query);
            var page = await store.QueryAsync(query);
            if (page.Summary.Count != matched || page.Items.Count != baselineRows)
                throw new InvalidOperationException($"{c.Label}: the store matched {page.Summary.Count} ({page.Items.Count} on the page), the baseline {matched} ({baselineRows}).");
            if (plans) await PlansAsync(name, provider, conn, capture, store, query, c.Label);
            var storeMs = new List<double>();
            var baseMs = new List<double>();
            var storeCpu = new List<double>();
            var baseCpu = new List<double>();
            for (var r = 0; r < runs + 1; r++)
            {
                var cpu = CpuMs();
                var sw = Stopwatch.StartNew();
                await store.QueryAsync(query);
                var s = sw.Elapsed.TotalMilliseconds;
                var sCpu = CpuMs() - cpu;
                cpu = CpuMs();
                sw.Restart();
                await BaselineAsync(conn, query);
                var b = sw.Elapsed.TotalMilliseconds;
                var bCpu = CpuMs() - cpu;
                if (r == 0) continue; // warm-up
                storeMs.Add(s);
                baseMs.Add(b);
                storeCpu.Add(sCpu);
                baseCpu.Add(bCpu);
            }
            storeMs.Sort();
            baseMs.Sort();
            storeCpu.Sort();
            baseCpu.Sort();
            timings.Add(new QueryTiming(c.Label, matched, BenchmarkReport.Quantile(storeMs, 0.5), BenchmarkReport.Quantile(storeMs, 0.95), BenchmarkReport.Quantile(baseMs, 0.5),
                BenchmarkReport.Quantile(storeCpu, 0.5), BenchmarkReport.Quantile(baseCpu, 0.5)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {c.Label}: {matched:#,0} matched, store {timings[^1].StoreMedian:0.0} ms (CPU {timings[^1].StoreCpu:0.00}), baseline {timings[^1].BaselineMedian:0.0} ms (CPU {timings[^1].BaselineCpu:0.00})"));
        }
        return timings;
    }

    /// <summary>The floor for the same filter: the page's rows and the count of the matching ones, hand-written SQL through
    /// the raw connection. Returns the rows read and the count.</summary>
    private static async Task<(int Rows, long Count)> BaselineAsync(DbConnection conn, TradeQuery q)
    {
        var where = "timestamp >= @f AND timestamp < @t" + (q.Filter?.Ticker is null ? "" : " AND ticker = @k") + (q.Filter?.Action is null ? "" : " AND action = @a");
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            SELECT trade_id, timestamp, ordered_at, ticker, action, quantity, price, justification_text, market_snapshot, portfolio_before,
                   pnl_7_days, pnl_30_days, ml_probability, ml_model_version
            FROM trades WHERE {where} ORDER BY timestamp DESC, trade_id DESC LIMIT {q.Take} OFFSET {q.Skip};
            SELECT COUNT(*) FROM trades WHERE {where};
            """;
        Add(cmd, "f", q.From.UtcDateTime);
        Add(cmd, "t", q.To.UtcDateTime);
        if (q.Filter?.Ticker is { } k) Add(cmd, "k", k);
        if (q.Filter?.Action is { } a) Add(cmd, "a", a.ToText());
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(0);
            _ = reader.GetDateTime(1);
            _ = reader.GetDecimal(6);
            _ = reader.GetString(7);
            _ = reader.GetString(8);
            rows++;
        }
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return (rows, reader.GetInt64(0));
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>Prints the plan of every statement the store runs for <paramref name="query"/> (EXPLAIN QUERY PLAN on SQLite,
    /// EXPLAIN ANALYZE on PostgreSQL), for the notes in docs/benchmarks.md.</summary>
    private static async Task PlansAsync(string name, DatabaseProvider provider, DbConnection conn, SqlCapture capture, EfTradeStore store, TradeQuery query, string label)
    {
        capture.Commands.Clear();
        capture.Enabled = true;
        await store.QueryAsync(query);
        capture.Enabled = false;
        foreach (var (sql, parameters) in capture.Commands)
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = (provider == DatabaseProvider.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS OFF) ") + sql;
            foreach (var (n, v) in parameters) Add(cmd, n.TrimStart('@', '$', ':'), v);
            var text = new StringBuilder();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                text.AppendLine("      " + (provider == DatabaseProvider.Sqlite ? reader.GetValue(3) : reader.GetValue(0)));
            Console.WriteLine($"  PLAN {name} / {label}:\n      {sql.ReplaceLineEndings("\n      ")}\n{text}");
        }
    }

    /// <summary>Trade <paramref name="i"/> of <paramref name="rows"/>: evenly spread over the four years before
    /// <see cref="Now"/>, one of 200 tickers, buys and sells, P&amp;L known once 7 and 30 days old. Deterministic.</summary>
    private static TradeRecord Trade(int i, int rows)
    {
        var h = Mix((ulong)i);
        var at = Now - Span + Span * ((i + 0.5) / rows);
        var ticker = (100_000 + (int)(h % Tickers) * 7).ToString("D6", CultureInfo.InvariantCulture);
        var side = (h >> 8) % 2 == 0 ? TradeAction.Buy : TradeAction.Sell;
        var price = 1_000m + (decimal)((h >> 16) % 90_000) * 10m;
        var quantity = 1 + (long)((h >> 40) % 500);
        var pnl = ((decimal)((h >> 24) % 200_001) - 100_000m) * 10m;
        return new TradeRecord
        {
            TradeId = i.ToString("D8", CultureInfo.InvariantCulture) + "-" + h.ToString("x16", CultureInfo.InvariantCulture),
            Timestamp = at,
            OrderedAt = at.AddMilliseconds(-1_500),
            Ticker = ticker,
            Action = side,
            Quantity = quantity,
            Price = price,
            JustificationText = $"RSI oversold bounce on {ticker} with a volume surge",
            MarketSnapshot = $$"""{"ticker":"{{ticker}}","price":{{price}},"rsi14":28.4}""",
            PortfolioBefore = """{"cash":100000000,"positions":[]}""",
            Pnl7Days = Now - at > TimeSpan.FromDays(10) ? pnl : null,
            Pnl30Days = Now - at > TimeSpan.FromDays(42) ? pnl * 2 : null,
            MlProbability = (h >> 50) % 3 == 0 ? null : 0.5m,
            MlModelVersion = (h >> 50) % 3 == 0 ? null : "up5d-1pct v3",
        };
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    private static string Section(List<ProviderResult> results, int rows, int runs, string machine)
    {
        // The goals table: the slowest page query and the slower insert rate over both providers.
        var slowest = results.SelectMany(r => r.Sizes[1].Queries.Select(q => (r.Name, q))).MaxBy(x => x.q.StoreMedian);
        var inserts = results.Select(r => (r.Name, Rate: r.Sizes[1].InsertRowsPerSecond)).MinBy(x => x.Rate);
        BenchmarkReport.Goal(5, FormattableString.Invariant($"trade store at {rows:#,0} trades: Trades page queries < 20 ms, batch inserts ≥ 20,000 rows/s (SQLite, PostgreSQL)"),
            FormattableString.Invariant($"slowest query {slowest.q.StoreMedian:0.0} ms ({slowest.Name}, {slowest.q.Label}); inserts {inserts.Rate:#,0} rows/s ({inserts.Name})"),
            FormattableString.Invariant($"hand-written SQL {slowest.q.BaselineMedian:0.0} ms"), slowest.q.StoreMedian / slowest.q.BaselineMedian,
            slowest.q.StoreMedian < 20 && inserts.Rate >= 20_000);
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"""
            ## Trade store: the Trades page's queries and batch inserts at {rows:#,0} trades

            {rows:#,0} trades over the four years before the page's "now" (200 tickers, buys and sells, P&L known once 7 and 30
            days old), written through `EfTradeStore.InsertManyAsync` in batches of {Batch:#,0}: first every other trade
            ({rows / 2:#,0}), then the rest, so the queries run at half and at the full count over the same period. Each query is
            `EfTradeStore.QueryAsync` exactly as the Trades page builds it (newest first, {PageSize} rows, totals over all the
            matching trades); baseline: hand-written SQL through the raw ADO.NET connection with the same filter, reading the
            page's rows and the matching count. Median of {runs} runs after one warm-up, milliseconds; goal under 20 ms each.
            "CPU" is this process's CPU time for one query (median), store / baseline: on a loaded machine the wall time is
            mostly waiting for a core, the CPU time what the query costs (on SQLite all of it; on PostgreSQL the app's side only).
            Mode: {BenchmarkMode.Name}, {InProcessBenchmarkInfo.Configuration}. Machine: {machine}.
            """);
        foreach (var r in results)
        {
            var half = r.Sizes[0];
            var full = r.Sizes[1];
            s.AppendLine(CultureInfo.InvariantCulture, $"""

                ### {r.Name}

                | query | matched at {full.Rows:#,0} | store, {half.Rows:#,0} rows | store, {full.Rows:#,0} rows | p95 | growth ×2 rows | baseline | ratio to baseline | CPU ms, store / baseline | goal |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---|
                """);
            for (var i = 0; i < full.Queries.Count; i++)
            {
                var f = full.Queries[i];
                var h = half.Queries[i];
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"| {f.Label} | {f.Matched:#,0} | {h.StoreMedian:0.0} | {f.StoreMedian:0.0} | {f.StoreP95:0.0} | {f.StoreMedian / h.StoreMedian:0.0}× | {f.BaselineMedian:0.0} | {f.StoreMedian / f.BaselineMedian:0.0}× | {f.StoreCpu:0.00} / {f.BaselineCpu:0.00} | {(f.StoreMedian < 20 ? "met" : "missed")} |");
            }
            s.AppendLine(CultureInfo.InvariantCulture, $"""

                Inserts through the store's batches: {half.InsertRowsPerSecond:#,0} rows/s for the first {half.Rows:#,0}, {full.InsertRowsPerSecond:#,0} rows/s for
                the next {full.Rows - half.Rows:#,0} (goal at least 20,000; {(full.InsertRowsPerSecond >= 20_000 ? "met" : "missed")}). At {full.Rows:#,0} rows, {r.InsertSample:#,0} more:
                store batches {r.StoreBatchRate:#,0} rows/s, hand-written ADO.NET batches (baseline) {r.AdoBatchRate:#,0} rows/s
                (ratio {r.AdoBatchRate / r.StoreBatchRate:0.0}×), the store's single-row `InsertAsync` {r.SingleInsertRate:#,0} rows/s. Per CPU-second of this
                process (what an idle core would do{(r.Name == "SQLite" ? "" : "; the server's work not counted")}): store batches {r.StoreCpuRate:#,0} rows, ADO.NET batches {r.AdoCpuRate:#,0} rows.
                """);
        }
        return s.ToString();
    }

    /// <summary>Options built once, as the app's DbContext factory does; the capture records SQL only while enabled.</summary>
    private sealed class Factory(DatabaseProvider provider, string cs, SqlCapture capture) : IDbContextFactory<KisTraderDbContext>
    {
        private readonly DbContextOptions<KisTraderDbContext> _options = Build(provider, cs, capture);

        private static DbContextOptions<KisTraderDbContext> Build(DatabaseProvider provider, string cs, SqlCapture capture)
        {
            var b = new DbContextOptionsBuilder<KisTraderDbContext>();
            DataServiceCollectionExtensions.Configure(b, provider, cs);
            b.AddInterceptors(capture);
            return b.Options;
        }

        public KisTraderDbContext CreateDbContext() => new(_options);
    }

    private sealed class SqlCapture : DbCommandInterceptor
    {
        public bool Enabled { get; set; }
        public List<(string Sql, List<(string Name, object Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Enabled)
                Commands.Add((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value))]));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
