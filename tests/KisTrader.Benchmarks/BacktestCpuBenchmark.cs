using System.Diagnostics;
using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;

namespace KisTrader.Benchmarks;

/// <summary>backtest-cpu: the rules engine through the operational graph (BacktestEngine) over seeded random walks,
/// N instruments × S sessions (BACKTEST_INSTRUMENTS, BACKTEST_SESSIONS; default 20 × 250, quick 10 × 120), reported as process CPU time
/// (the machine is shared, so CPU rather than wall time) and CPU per instrument-session, the figure that extrapolates
/// to issue 16's 200 × 2,500 goal. One short run first so the JIT is warm. BACKTEST_REPORT_JSON=FILE writes the report's
/// JSON (to prove that two builds give byte-identical results).</summary>
public static class BacktestCpuBenchmark
{
    public static async Task<string> RunAsync()
    {
        var instruments = InProcessBenchmark.Env("BACKTEST_INSTRUMENTS", BenchmarkMode.Pick(20, 10));
        var sessions = InProcessBenchmark.Env("BACKTEST_SESSIONS", BenchmarkMode.Pick(250, 120));
        var (rows, dates) = Walks(instruments, sessions + 70);
        BacktestRequest Request(DateOnly to) => BacktestCpuBenchmark.Request(dates[70], to, BacktestEngineKind.Rules);
        var request = Request(dates[^1]);
        var bars = BacktestBars.FromRows(rows, request);
        await new BacktestEngine().RunAsync(Request(dates[80]), bars);

        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        var report = await new BacktestEngine().RunAsync(request, bars);
        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        // BACKTEST_REPORT_JSON=FILE keeps the report's bytes, to compare two builds' results (they must be identical).
        if (Environment.GetEnvironmentVariable("BACKTEST_REPORT_JSON") is { Length: > 0 } json)
            await File.WriteAllBytesAsync(json, BacktestJson.SerializeToUtf8Bytes(report));
        var perCell = cpu.TotalMilliseconds / (instruments * report.Equity.Count);
        var inv = CultureInfo.InvariantCulture;
        return string.Join('\n',
            "## Backtest CPU: the rules engine over seeded random walks",
            "",
            $"Machine: {BenchmarkReport.Machine()}",
            "",
            "| instruments × sessions | CPU | wall | CPU per instrument-session | allocated | orders | 200 × 2,500 at this rate |",
            "|---|---|---|---|---|---|---|",
            string.Create(inv, $"| {instruments} × {report.Equity.Count} | {cpu.TotalSeconds:F2} s | {wall.Elapsed.TotalSeconds:F2} s | {perCell:F3} ms | " +
                $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated0) / 1e6:F0} MB | {report.Orders.Count} | {perCell * 200 * 2500 / 1000:F0} s |"));
    }

    /// <summary>The rules-engine request both backtest benchmarks run.</summary>
    internal static BacktestRequest Request(DateOnly from, DateOnly to, BacktestEngineKind engine) => new()
    {
        From = from, To = to, Engine = engine, InitialCash = 100_000_000m,
        RiskLimits = new RiskLimits
        {
            MaxTickerWeightPercent = 30m, MaxOrderValueKrw = 50_000_000m, MaxOrdersPerDay = 20,
            DailyLossLimitPercent = 5m, WeeklyLossLimitPercent = 10m, MinCashReservePercent = 10m,
        },
        Slippage = new SlippageModel(1, 0.05m, 0.05m),
    };

    internal static (List<HistoryBar> Rows, List<DateOnly> Dates) Walks(int instruments, int sessions)
    {
        var calendar = new KrxCalendar();
        var random = new Random(16);
        var rows = new List<HistoryBar>();
        var dates = new List<DateOnly>();
        for (var t = 0; t < instruments; t++)
        {
            var ticker = (100_000 + t * 10).ToString("D6", CultureInfo.InvariantCulture);
            var close = 20_000m + 5_000m * t;
            var start = close;
            var drift = (t % 5 - 2) * 0.001;
            dates.Clear();
            // From 2020: the sell tax is recorded from 2020 on (later years take the last known rate), so 10 years of sessions fit.
            for (var day = new DateOnly(2020, 1, 2); dates.Count < sessions; day = day.AddDays(1))
            {
                if (!calendar.IsTradingDay(day)) continue;
                decimal Grid(double move) => KrxRules.FloorToTick(close * (1m + (decimal)move), date: day);
                var open = Grid((random.NextDouble() - 0.5) * 0.01);
                // Ten years of a steady drift would take a price to zero (or far off): beyond a quarter or four times its start it turns back.
                var pull = close < start / 4 ? Math.Abs(drift) : close > start * 4 ? -Math.Abs(drift) : drift;
                var last = Grid(pull + (random.NextDouble() - 0.5) * 0.05);
                var high = Math.Max(Math.Max(open, last), Grid(random.NextDouble() * 0.03));
                var low = Math.Min(Math.Min(open, last), Grid(-random.NextDouble() * 0.03));
                var volume = random.Next(200_000, 2_000_000);
                rows.Add(HistoryBar.Daily(ticker, day, open, high, low, last, volume, last * volume, "seeded", DateTimeOffset.UnixEpoch));
                dates.Add(day);
                close = last;
            }
        }
        return (rows, dates);
    }
}
