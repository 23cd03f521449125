using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Testing.Backtesting;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Backtesting;

/// <summary><c>backtest</c> through the real executable in its own process: import the hand-made CSV, backtest it,
/// find the backtest stored and its JSON report written.</summary>
public sealed class BacktestCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static string Csv => Path.Combine(AppContext.BaseDirectory, "Backtesting", "Data", "year_end_2025.csv");

    [Fact]
    public async Task Backtest_OverImportedBars_PrintsTheTable_StoresTheBacktest_AndWritesTheReport()
    {
        using var dir = new TempDataDir();
        var import = await CliProcess.RunAsync(dir.Root, ["import", Csv, .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(import.ExitCode == 0, import.Describe());
        var json = Path.Combine(dir.Root, "report.json");

        var run = await CliProcess.RunAsync(dir.Root,
            ["backtest", "--from", "2025-12-22", "--to", "2026-01-07", "--engine", "buy-and-hold", "--cash", "30000000", "--json", json, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("strategy (buy-and-hold)", run.StandardOutput);
        // Held to the end: the hand calculation's 31,196,416 (see BuyAndHoldBacktestTests), commission 4,484.
        Assert.Matches(@"ending equity\s+31,196,416\s+31,196,416\s+n/a", run.StandardOutput);
        Assert.Matches(@"commission\s+4,484", run.StandardOutput);
        Assert.Contains("index: not available", run.StandardOutput);
        var report = BacktestJson.Deserialize(await File.ReadAllTextAsync(json));
        Assert.Equal(31_196_416m, report.Metrics.EndingEquity);
        Assert.Equal(33, report.Data.Bars);

        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        var stored = Assert.Single(await new EfBacktestStore(factory).ListAsync());
        Assert.Contains($"stored: backtest {stored.Id}", run.StandardOutput);
        Assert.Equal((report.Data.Sha256, "buy-and-hold"), (stored.DataSha256, stored.Engine));
        Assert.False(string.IsNullOrWhiteSpace(stored.CodeVersion));

        var rules = await CliProcess.RunAsync(dir.Root, ["backtest", "--from", "2025-12-22", "--to", "2026-01-07", "--tickers", "005930,000660", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(rules.ExitCode == 0, rules.Describe());
        Assert.Contains("strategy (rules)", rules.StandardOutput);
        Assert.Equal(2, (await new EfBacktestStore(factory).ListAsync()).Count);
    }

    /// <summary>The SQLite database of <paramref name="dir"/>, migrated, holding <see cref="MinuteWalks"/>' minute bars only
    /// (what collect stores each day) from 2025-06-02: the backtester derives the daily bars from them.</summary>
    internal static async Task<(TestContextFactory Factory, List<DateOnly> Dates)> StoreMinuteWalksAsync(TempDataDir dir, int instruments, int sessions)
    {
        Directory.CreateDirectory(dir.DataDir);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        await new DatabaseInitializer(factory).InitializeAsync();
        var (bars, dates) = MinuteWalks.Generate(instruments, sessions, new DateOnly(2025, 6, 2));
        await new EfMarketHistory(factory).UpsertAsync(MinuteWalks.Rows(bars));
        return (factory, dates);
    }

    [Fact]
    public async Task Backtest_AtMinuteResolution_OverStoredMinuteBars_RunsOnTheCadence_AndStoresTheBacktest()
    {
        using var dir = new TempDataDir();
        var (factory, dates) = await StoreMinuteWalksAsync(dir, 2, 8);
        var json = Path.Combine(dir.Root, "minute.json");

        var run = await CliProcess.RunAsync(dir.Root,
            ["backtest", "--from", dates[1].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--to", dates[^1].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
             "--resolution", "minute", "--cadence", "15", "--engine", "buy-and-hold", "--json", json, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(run.ExitCode == 0, run.Describe());
        var report = BacktestJson.Deserialize(await File.ReadAllTextAsync(json));
        Assert.Equal(("minute", "Every15Minutes", 7), (report.Request.Resolution, report.Request.DecisionTime, report.Metrics.Sessions));
        // Bought at the first session's 09:00 open: each order's first fill is on the 09:00–09:01 bar, stamped at its end;
        // the rest follows minute by minute within 5% of each bar's volume, all on that session.
        Assert.Equal(2, report.Fills.Select(f => f.Ticker).Distinct().Count());
        Assert.All(report.Fills.GroupBy(f => f.Ticker), g => Assert.Equal(KrxCalendar.OpenOn(dates[1]).AddMinutes(1), g.First().Time));
        Assert.All(report.Fills, f => Assert.Equal(dates[1], f.Date));
        Assert.Equal(2 * 8 * MinuteWalks.MinutesPerSession + 2 * 8, report.Data.Bars); // minute bars + the derived daily ones
        Assert.Single(await new EfBacktestStore(factory).ListAsync());
    }

    [Fact]
    public async Task Backtest_WithoutHistoryForThePeriod_OrWithBadArguments_Exits2()
    {
        using var dir = new TempDataDir();
        var none = await CliProcess.RunAsync(dir.Root, ["backtest", "--from", "2030-01-01", "--to", "2030-02-01", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(none.ExitCode == 2, none.Describe());
        Assert.Contains("No daily bars between 2030-01-01 and 2030-02-01", none.StandardError);

        var minute = await CliProcess.RunAsync(dir.Root, ["backtest", "--from", "2026-01-01", "--to", "2026-02-01", "--resolution", "minute", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(minute.ExitCode == 2, minute.Describe());
        Assert.Contains("No minute bars between 2026-01-01 and 2026-02-01", minute.StandardError);

        var zeroCadence = await CliProcess.RunAsync(dir.Root, ["backtest", "--from", "2026-01-01", "--to", "2026-02-01", "--resolution", "minute", "--cadence", "0", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(zeroCadence.ExitCode == 2, zeroCadence.Describe());
        Assert.Contains("--cadence must be 1 to 389 minutes", zeroCadence.StandardError);

        var dailyCadence = await CliProcess.RunAsync(dir.Root, ["backtest", "--from", "2026-01-01", "--to", "2026-02-01", "--cadence", "15", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(dailyCadence.ExitCode == 2, dailyCadence.Describe());
        Assert.Contains("--cadence applies to --resolution minute only", dailyCadence.StandardError);

        var badDate = await CliProcess.RunAsync(dir.Root, ["backtest", "--from", "2026/01/01", "--to", "2026-02-01", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.Equal(2, badDate.ExitCode);

        var help = await CliProcess.RunAsync(dir.Root, ["backtest", "--help"], Timeout);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: KisTrader backtest --from yyyy-MM-dd --to yyyy-MM-dd", help.StandardOutput);
    }
}
