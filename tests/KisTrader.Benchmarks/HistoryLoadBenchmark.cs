using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Benchmarks;

/// <summary>history-load: the backtester's start, 200 instruments (quick mode: 20) × 10 years of daily bars (≈ 500,000 bars) read from the
/// SQLite market-history store into memory as <see cref="HistoryBar"/>s. BenchmarkDotNet, in process, against a plain
/// SqliteDataReader reading the same rows and columns into a list of tuples (the floor: no conversion to bars), and
/// against EF Core materialising the entities (the road not taken). The database is written once, before the runs,
/// through the store's own upsert (timed once, reported).</summary>
public static class HistoryLoadBenchmark
{
    /// <summary>200 instruments (quick mode: 20) × 2,500 sessions (10 years of about 250).</summary>
    public static int Instruments { get; } = BenchmarkMode.Pick(200, 20);
    public const int Sessions = 2_500;

    internal static string ConnectionString { get; private set; } = "";

    public static async Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-bench-history-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        ConnectionString = $"Data Source={Path.Combine(dir, "kistrader.db")}";
        try
        {
            var factory = new Factory(ConnectionString);
            await new DatabaseInitializer(factory).InitializeAsync();
            var bars = Generate();
            var sw = Stopwatch.StartNew();
            await new EfMarketHistory(factory).UpsertAsync(bars);
            var insert = sw.Elapsed.TotalSeconds;
            var size = new FileInfo(Path.Combine(dir, "kistrader.db")).Length + (File.Exists(Path.Combine(dir, "kistrader.db-wal")) ? new FileInfo(Path.Combine(dir, "kistrader.db-wal")).Length : 0);
            Console.WriteLine($"history-load: wrote {bars.Count:#,0} bars in {insert:0.00} s");

            var summary = InProcessBenchmark.Run<HistoryLoadRuns>(InProcessBenchmark.Short(), Path.Combine(dir, "artifacts"));
            var cpu = await CpuSecondsPerLoadAsync(factory);
            return Section(summary, bars.Count, insert, size, machine, cpu);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The CPU time of one store load (best of five), which a busy machine inflates much less than the wall time:
    /// the benchmark's machine is shared, and its load average is in the section.</summary>
    private static async Task<double> CpuSecondsPerLoadAsync(Factory factory)
    {
        var store = new EfMarketHistory(factory);
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            GC.Collect();
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            var n = (await store.ReadAsync(HistoryQuery.Daily(null, new DateOnly(2016, 1, 1), new DateOnly(2026, 12, 31), new DateTimeOffset(2027, 1, 1, 0, 0, 0, KoreaTime.Offset)))).Count;
            var spent = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
            if (n != Instruments * Sessions) throw new InvalidOperationException($"Loaded {n} bars, expected {Instruments * Sessions}.");
            best = Math.Min(best, spent);
        }
        return best;
    }

    private static string Section(Summary summary, int rows, double insertSeconds, long bytes, string machine, double cpuSeconds)
    {
        double Mean(string method) => summary.MeanSeconds(method) * 1e3;
        double Alloc(string method) => summary.AllocatedMegabytes(method);
        var baseline = Mean(nameof(HistoryLoadRuns.PlainReader));
        string Line(string name, string method) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Mean(method):0} ms | {Mean(method) / baseline:0.00}× | {Alloc(method):0} MB |");
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## Market history: loading {Instruments} instruments × 10 years of daily bars

            {rows:#,0} daily bars ({Instruments} instruments × {Sessions:#,0} sessions) in a SQLite `history_bars` table
            ({bytes / 1048576.0:0} MB with its WAL), read whole into memory as the backtester does at start. BenchmarkDotNet 0.14
            (ShortRun, in process, {HistoryLoadRunsInfo.Configuration}); the goal is under 0.5 s for 200 instruments. Machine: {machine}.

            | read | mean | ratio to the plain reader | allocated |
            |---|---:|---:|---:|
            {Line("`EfMarketHistory.ReadAsync` (the store: point-in-time query, rows to `HistoryBar`)", nameof(HistoryLoadRuns.Store))}
            {Line("plain `SqliteDataReader`, same rows and columns into a list of tuples (baseline)", nameof(HistoryLoadRuns.PlainReader))}
            {Line("EF Core `AsNoTracking()` entities, no conversion (not used)", nameof(HistoryLoadRuns.EfEntities))}

            CPU time of one load through the store (all threads of the process, best of five): {cpuSeconds * 1000:0} ms.
            Writing them through `EfMarketHistory.UpsertAsync` took {insertSeconds:0.0} s, once (one transaction; on SQLite one reused single-row statement).
            """);
    }

    private static List<HistoryBar> Generate()
    {
        var rng = new Random(16);
        var collected = new DateTimeOffset(2026, 12, 6, 18, 0, 0, KoreaTime.Offset);
        var days = new List<DateOnly>(Sessions);
        for (var d = new DateOnly(2016, 1, 4); days.Count < Sessions; d = d.AddDays(1))
            if (KrxCalendar.WeekendsOnly.IsTradingDay(d)) days.Add(d);
        var bars = new List<HistoryBar>(Instruments * Sessions);
        for (var i = 0; i < Instruments; i++)
        {
            var code = (100_000 + i * 7).ToString("D6", CultureInfo.InvariantCulture);
            var price = 10_000m + rng.Next(0, 90) * 1_000m;
            foreach (var day in days)
            {
                var open = KrxRules.FloorToTick(Math.Max(price * (1m + (decimal)(rng.NextDouble() - 0.5) * 0.04m), 1_000m), date: day);
                var close = KrxRules.FloorToTick(Math.Max(open * (1m + (decimal)(rng.NextDouble() - 0.5) * 0.06m), 1_000m), date: day);
                var high = KrxRules.CeilingToTick(Math.Max(open, close) * 1.01m, date: day);
                var low = KrxRules.FloorToTick(Math.Min(open, close) * 0.99m, date: day);
                var volume = rng.Next(10_000, 5_000_000);
                bars.Add(HistoryBar.Daily(code, day, open, high, low, close, volume, close * volume, "simulator", collected));
                price = close;
            }
        }
        return bars;
    }

    internal sealed class Factory(string cs) : IDbContextFactory<KisTraderDbContext>
    {
        public KisTraderDbContext CreateDbContext() => DataServiceCollectionExtensions.CreateContext(DatabaseProvider.Sqlite, cs);
    }
}

internal static class HistoryLoadRunsInfo
{
    public static string Configuration =>
#if DEBUG
        "Debug build";
#else
        "Release build";
#endif
}

/// <summary>The three reads history-load compares; each returns the row count so nothing is optimised away.</summary>
public class HistoryLoadRuns
{
    private static readonly DateOnly From = new(2016, 1, 1);
    private static readonly DateOnly To = new(2026, 12, 31);
    private static readonly DateTimeOffset AsOf = new(2027, 1, 1, 0, 0, 0, KoreaTime.Offset);
    private EfMarketHistory _store = default!;
    private HistoryLoadBenchmark.Factory _factory = default!;

    [GlobalSetup]
    public void Setup()
    {
        _factory = new HistoryLoadBenchmark.Factory(HistoryLoadBenchmark.ConnectionString);
        _store = new EfMarketHistory(_factory);
    }

    [Benchmark]
    public async Task<int> Store() => (await _store.ReadAsync(HistoryQuery.Daily(null, From, To, AsOf))).Count;

    [Benchmark(Baseline = true)]
    public async Task<int> PlainReader()
    {
        await using var conn = new SqliteConnection(HistoryLoadBenchmark.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT ticker, kst_time, open, high, low, close, adj_open, adj_high, adj_low, adj_close, volume, traded_value, source, collected_at_ms " +
                          "FROM history_bars WHERE resolution = 1 AND kst_time >= 201601010000 AND kst_time <= 202612312359 ORDER BY ticker, kst_time";
        var rows = new List<(string, long, long, long, long, long, long, long, long, long, long, long, string, long)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7),
                r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.GetString(12), r.GetInt64(13)));
        return rows.Count;
    }

    [Benchmark]
    public async Task<int> EfEntities()
    {
        await using var db = _factory.CreateDbContext();
        return (await db.HistoryBars.AsNoTracking()
            .Where(x => x.Resolution == 1 && x.KstTime >= 201601010000 && x.KstTime <= 202612312359)
            .OrderBy(x => x.Ticker).ThenBy(x => x.KstTime).ToListAsync()).Count;
    }
}
