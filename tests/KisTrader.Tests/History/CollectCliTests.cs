using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.History;

/// <summary>Issue 16: <c>collect</c> through the real executable in its own process, against the built-in simulator and
/// the SQLite database of a fresh data directory.</summary>
public sealed class CollectCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string[] HostArgs(TempDataDir dir) => [.. CliProcess.HostArgs(dir), "--Admin:Password", TradingApp.AdminPassword];

    [Fact]
    public async Task Collect_stores_the_tickers_daily_bars_and_the_index_and_a_second_run_adds_nothing_already_stored()
    {
        using var dir = new TempDataDir();
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-60).ToString("yyyy-MM-dd");

        var first = await CliProcess.RunAsync(dir.Root, ["collect", "--tickers", "005930,0001", "--from", from, .. HostArgs(dir)], Timeout);

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Contains("collected from simulator: 2 tickers", first.StandardOutput);
        Assert.Contains("0 failed", first.StandardOutput);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        var coverage = await new EfMarketHistory(factory).CoverageAsync();
        var daily = coverage.Where(c => c.Resolution == BarResolution.Day).ToDictionary(c => c.Ticker);
        Assert.Equal(["0001", "005930"], daily.Keys.Order());
        Assert.True(daily["005930"].Count > 30, $"about 40 sessions in 60 days, got {daily["005930"].Count}");
        Assert.Equal(daily["005930"].Count, daily["0001"].Count);

        // Incremental: without --from each ticker resumes after its last stored day, so nothing daily is fetched twice.
        var second = await CliProcess.RunAsync(dir.Root, ["collect", "--tickers", "005930,0001", .. HostArgs(dir)], Timeout);

        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Contains("0001: 0 daily", second.StandardOutput);
        Assert.Contains("005930: 0 daily", second.StandardOutput);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Theory]
    [InlineData("--tickers", "005930,59300", "'59300' is not a 6-character KRX code")]
    [InlineData("--from", "2026-13-01", "'2026-13-01' is not a date")]
    public async Task Bad_arguments_exit_2_naming_the_argument_before_anything_starts(string option, string value, string message)
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, ["collect", option, value, .. HostArgs(dir)], Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains(message, result.StandardError);
        Assert.False(File.Exists(dir.DatabaseFile));
    }

    [Fact]
    public async Task Help_describes_the_verb_and_runs_nothing()
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, ["collect", "--help"], Timeout);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("Usage: KisTrader collect [--tickers CODE,...] [--from yyyy-MM-dd]", result.StandardOutput);
    }
}
