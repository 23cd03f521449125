using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.History;

namespace KisTrader.Tests.History;

/// <summary>Issue 16: <c>import FILE</c> and <c>export</c> through the real executable in its own process, against the
/// SQLite database of a fresh data directory.</summary>
public sealed class HistoryCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const string Good = """
        code,date,open,high,low,close,volume
        005930,2026-12-01,71000,72500,70800,72000,12345678
        005930,2026-12-02,72000,73000,71500,72500,9000000
        000660,2026-12-01,150000,151000,149000,150500,200

        """;

    private static async Task<EfMarketHistory> StoreOf(TempDataDir dir)
    {
        Directory.CreateDirectory(dir.DataDir);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        await new DatabaseInitializer(factory).InitializeAsync();
        return new EfMarketHistory(factory);
    }

    private static Task<IReadOnlyList<HistoryBar>> ReadAll(EfMarketHistory store) =>
        store.ReadAsync(HistoryQuery.Daily(null, new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), new DateTimeOffset(2100, 1, 1, 0, 0, 0, KoreaTime.Offset)));

    [Fact]
    public async Task Import_of_a_good_file_stores_its_bars_and_export_gives_the_same_csv_back_and_a_parquet_file_with_every_field()
    {
        using var dir = new TempDataDir();
        var csv = Path.Combine(dir.Root, "prices.csv");
        await File.WriteAllTextAsync(csv, Good);

        var import = await CliProcess.RunAsync(dir.Root, ["import", csv, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(import.ExitCode == 0, import.Describe());
        Assert.Contains("imported: 3 bars of 2 instruments from prices.csv", import.StandardOutput);
        Assert.Contains("dates: 2026-12-01 to 2026-12-02", import.StandardOutput);
        var stored = await ReadAll(await StoreOf(dir));
        Assert.Equal(3, stored.Count);
        Assert.All(stored, b => Assert.Equal("csv:prices.csv", b.Source));

        var outCsv = Path.Combine(dir.Root, "out", "all.csv");
        var exportCsv = await CliProcess.RunAsync(dir.Root, ["export", "--out", outCsv, .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(exportCsv.ExitCode == 0, exportCsv.Describe());
        Assert.Contains("exported: 3 daily bars of 2 instruments", exportCsv.StandardOutput);
        // Ordered by code, then date.
        Assert.Equal("""
            code,date,open,high,low,close,volume
            000660,2026-12-01,150000,151000,149000,150500,200
            005930,2026-12-01,71000,72500,70800,72000,12345678
            005930,2026-12-02,72000,73000,71500,72500,9000000

            """.ReplaceLineEndings("\n"), await File.ReadAllTextAsync(outCsv));

        var outParquet = Path.Combine(dir.Root, "out", "samsung.parquet");
        var exportParquet = await CliProcess.RunAsync(dir.Root,
            ["export", "--out", outParquet, "--tickers", "005930", "--from", "2026-12-02", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(exportParquet.ExitCode == 0, exportParquet.Describe());
        await using var stream = File.OpenRead(outParquet);
        var row = Assert.Single(await HistoryParquet.ReadAsync(stream));
        Assert.Equal(("005930", "day", new DateOnly(2026, 12, 2), 72_000m, 73_000m, 71_500m, 72_500m, 9_000_000L, "csv:prices.csv"),
            (row.Code, row.Resolution, row.Date, row.Open, row.High, row.Low, row.Close, row.Volume, row.Source));
        Assert.Equal((72_000m, 72_500m), (row.AdjOpen, row.AdjClose));
    }

    [Fact]
    public async Task Import_with_adj_close_and_market_columns_stores_the_adjusted_prices_and_each_instruments_market()
    {
        using var dir = new TempDataDir();
        var csv = Path.Combine(dir.Root, "split.csv");
        await File.WriteAllTextAsync(csv,
            "code,date,open,high,low,close,volume,market,adj_close\n" +
            "005930,2026-11-27,2500000,2510000,2480000,2490000,1000,KOSPI,49800\n" +
            "005930,2026-11-30,50000,50500,49700,50200,50000,KOSPI,50200\n" +
            "247540,2026-11-30,150000,151000,149000,150500,200,KOSDAQ,\n");

        var import = await CliProcess.RunAsync(dir.Root, ["import", csv, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(import.ExitCode == 0, import.Describe());
        var store = await StoreOf(dir);
        var stored = await ReadAll(store);
        var before = stored.Single(b => b.Ticker == "005930" && b.Date == new DateOnly(2026, 11, 27));
        Assert.Equal((2_490_000m, 49_800m, 50_000m), (before.Close, before.AdjustedClose, before.AdjustedOpen));
        var kosdaq = stored.Single(b => b.Ticker == "247540");
        Assert.Equal(kosdaq.Close, kosdaq.AdjustedClose);
        Assert.Equal([("005930", KrxMarket.Kospi), ("247540", KrxMarket.Kosdaq)], (await store.InstrumentsAsync()).Select(i => (i.Ticker, i.Market)));
    }

    [Fact]
    public async Task Import_of_a_file_with_bad_rows_lists_each_with_its_line_exits_2_and_changes_nothing()
    {
        using var dir = new TempDataDir();
        var good = Path.Combine(dir.Root, "good.csv");
        await File.WriteAllTextAsync(good, Good);
        Assert.Equal(0, (await CliProcess.RunAsync(dir.Root, ["import", good, .. CliProcess.HostArgs(dir)], Timeout)).ExitCode);
        var bad = Path.Combine(dir.Root, "bad.csv");
        await File.WriteAllTextAsync(bad, """
            code,date,open,high,low,close,volume
            005930,2026-12-01,1,1,1,1,1
            005930,2026-12-03,72000,73000,71500,72500.5,9000000
            005930,2026-12-04,72000,71000,71500,72500,9000000
            """);

        var result = await CliProcess.RunAsync(dir.Root, ["import", bad, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("2 bad row(s)", result.StandardError);
        Assert.Contains("nothing was imported", result.StandardError);
        Assert.Contains("bad.csv:line 3: close '72500.5' is not a positive whole number of won", result.StandardError);
        Assert.Contains("bad.csv:line 4: high 71000 is below low 71500", result.StandardError);
        var stored = await ReadAll(await StoreOf(dir));
        Assert.Equal(3, stored.Count);
        Assert.Equal(72_000m, stored.Single(b => b.Ticker == "005930" && b.Date == new DateOnly(2026, 12, 1)).Close);
    }

    [Fact]
    public async Task Export_adjusted_writes_the_adjusted_prices_and_minute_bars_go_to_parquet_with_their_kst_start()
    {
        using var dir = new TempDataDir();
        var store = await StoreOf(dir);
        var collected = new DateTimeOffset(2026, 12, 2, 18, 0, 0, KoreaTime.Offset);
        var split = new HistoryBar("005930", BarResolution.Day, new DateTimeOffset(2026, 12, 1, 0, 0, 0, KoreaTime.Offset),
            250_000m, 255_000m, 249_000m, 252_000m, 50_000m, 51_000m, 49_800m, 50_400m, 1_000, 252_000_000m, "kis", collected);
        var minute = HistoryBar.OneMinute("005930", new DateTimeOffset(2026, 12, 1, 9, 1, 0, KoreaTime.Offset),
            71_000m, 71_100m, 70_900m, 71_000m, 50, 3_550_000m, "kis", collected);
        await store.UpsertAsync([split, minute]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var csv = Path.Combine(dir.Root, "adjusted.csv");
        var adjusted = await CliProcess.RunAsync(dir.Root, ["export", "--out", csv, "--adjusted", .. CliProcess.HostArgs(dir)], Timeout);
        var parquet = Path.Combine(dir.Root, "minutes.parquet");
        var minutes = await CliProcess.RunAsync(dir.Root, ["export", "--out", parquet, "--resolution", "minute", .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(adjusted.ExitCode == 0, adjusted.Describe());
        Assert.Equal("code,date,open,high,low,close,volume\n005930,2026-12-01,50000,51000,49800,50400,1000\n", await File.ReadAllTextAsync(csv));
        Assert.True(minutes.ExitCode == 0, minutes.Describe());
        Assert.Contains("exported: 1 minute bars of 1 instruments", minutes.StandardOutput);
        await using var stream = File.OpenRead(parquet);
        var row = Assert.Single(await HistoryParquet.ReadAsync(stream));
        Assert.Equal(("minute", new DateTime(2026, 12, 1, 9, 1, 0), 3_550_000m, collected.UtcDateTime),
            (row.Resolution, row.TimeKst, row.TradedValue, row.CollectedAtUtc));
    }

    [Theory]
    [InlineData("import")]
    [InlineData("export")]
    public async Task Verb_help_prints_that_verbs_usage_exits_0_and_creates_nothing(string verb)
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, [verb, "--help"], Timeout);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("Usage: KisTrader " + KisTrader.Web.Cli.CommandLine.Verbs.Single(v => v.Name == verb).Usage, result.StandardOutput);
        Assert.True(Directory.GetFileSystemEntries(dir.Root).Length == 0, result.Describe());
    }

    [Theory]
    [InlineData("--resolution", "minute")]
    [InlineData("--from", "2026/12/01")]
    [InlineData("--format", "xlsx")]
    public async Task Export_with_bad_arguments_exits_2_before_the_database_is_opened(string option, string value)
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, ["export", "--out", Path.Combine(dir.Root, "x.csv"), option, value, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.False(Directory.Exists(dir.DataDir), result.Describe());
    }
}
