using System.Globalization;
using System.Text;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Backtesting.Sweeps;
using KisTrader.Core.Market;
using KisTrader.Testing.Backtesting;
using KisTrader.Tests.Data;
using KisTrader.Tests.Llm;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Backtesting;

/// <summary><c>backtest --sweep/--walk-forward</c> and <c>--engine llm</c> through the real executable in its own process,
/// over imported bars (the trending walks of <see cref="OperationalGraphOverHistoryTests"/>).</summary>
public sealed class BacktestSweepCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);
    private const string Hold = """{"orders":[],"market_view":"Calm.","hold_reason":"Nothing qualifies today."}""";

    private static async Task<List<DateOnly>> ImportAsync(TempDataDir dir, int sessions)
    {
        var bars = OperationalGraphOverHistoryTests.Bars(new KrxCalendar(), sessions);
        var csv = new StringBuilder("code,date,open,high,low,close,volume\n");
        foreach (var (ticker, list) in bars)
            foreach (var b in list)
                csv.Append(CultureInfo.InvariantCulture, $"{ticker},{b.Date:yyyy-MM-dd},{b.Open:0},{b.High:0},{b.Low:0},{b.Close:0},{b.Volume}\n");
        var file = Path.Combine(dir.Root, "walks.csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        var import = await CliProcess.RunAsync(dir.Root, ["import", file, .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(import.ExitCode == 0, import.Describe());
        return [.. bars["005930"].Select(b => b.Date)];
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sweep_WithWalkForward_PrintsTheRankedTable_AndWritesTheSameJsonAtAnyParallelism()
    {
        using var dir = new TempDataDir();
        var dates = await ImportAsync(dir, 260);
        string[] common = ["backtest", "--from", Day(dates[70]), "--to", Day(dates[^1]), "--sweep", "TakeProfitPercent=5,10;MaxBuysPerRun=1,2", "--walk-forward", "3m/2m"];
        var (a, b) = (Path.Combine(dir.Root, "p1.json"), Path.Combine(dir.Root, "p2.json"));

        var one = await CliProcess.RunAsync(dir.Root, [.. common, "--parallel", "1", "--json", a, .. CliProcess.HostArgs(dir)], Timeout);
        var two = await CliProcess.RunAsync(dir.Root, [.. common, "--parallel", "2", "--json", b, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(one.ExitCode == 0, one.Describe());
        Assert.True(two.ExitCode == 0, two.Describe());
        Assert.Contains("sweep: 4 parameter sets x", one.StandardOutput);
        Assert.Contains("walk-forward out of sample: return", one.StandardOutput);
        Assert.Matches(@"(?m)^\s+1\s+\d+\s.*\s+TakeProfitPercent=\d+;MaxBuysPerRun=\d\s*$", one.StandardOutput);
        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
        var report = SweepJson.Deserialize(await File.ReadAllTextAsync(a));
        Assert.Equal(4, report.Ranking.Count);
        Assert.Equal("walk-forward 3m/2m", report.Summary.Split);
    }

    [Fact]
    public async Task Sweep_AtMinuteResolution_RunsEverySetOnTheMinuteBarsAtTheCadence()
    {
        using var dir = new TempDataDir();
        // Two instruments × 12 sessions of minute bars only; the sweep trains on the first two thirds of the period and
        // tests on the rest.
        var (_, dates) = await BacktestCliTests.StoreMinuteWalksAsync(dir, 2, 12);
        var json = Path.Combine(dir.Root, "minute-sweep.json");

        var run = await CliProcess.RunAsync(dir.Root,
            ["backtest", "--from", Day(dates[1]), "--to", Day(dates[^1]), "--resolution", "minute", "--cadence", "15",
             "--sweep", "TakeProfitPercent=5,10", "--json", json, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("sweep: 2 parameter sets x", run.StandardOutput);
        var report = SweepJson.Deserialize(await File.ReadAllTextAsync(json));
        // Every backtest of the sweep ran at minute resolution on the 15-minute cadence, over the minute bars.
        Assert.Equal(("minute", "Every15Minutes"), (report.Summary.Request.Resolution, report.Summary.Request.DecisionTime));
        Assert.Equal(2 * 12 * MinuteWalks.MinutesPerSession + 2 * 12, report.Data.Bars); // minute bars + the derived daily ones
        Assert.Equal(2, report.Summary.Sets);
        Assert.Equal([1, 2], report.Ranking.Select(r => r.Rank));
        Assert.Single(report.Windows);
        Assert.True(report.Windows[0].TestFrom > report.Windows[0].TrainTo);
        Assert.Equal(2, report.Windows[0].Scores.Count);
        Assert.True(report.WalkForward.Sessions > 0, "the test period has minute sessions");
    }

    [Fact]
    public async Task Sweep_WithABadSetOrAnotherEngine_IsRefusedWithExit2()
    {
        using var dir = new TempDataDir();
        var dates = await ImportAsync(dir, 100);
        string[] period = ["backtest", "--from", Day(dates[70]), "--to", Day(dates[^1])];

        var unknown = await CliProcess.RunAsync(dir.Root, [.. period, "--sweep", "TakeProfit=5", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(unknown.ExitCode == 2, unknown.Describe());
        Assert.Contains("'TakeProfit' is not a rules-engine option", unknown.StandardError);

        var invalid = await CliProcess.RunAsync(dir.Root, [.. period, "--sweep", "StopLossPercent=-5,3", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(invalid.ExitCode == 2, invalid.Describe());
        Assert.Contains("StopLossPercent=3 is not a valid configuration: Trading:Rules:StopLossPercent", invalid.StandardError);

        var engine = await CliProcess.RunAsync(dir.Root, [.. period, "--engine", "buy-and-hold", "--walk-forward", "1m/1m", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(engine.ExitCode == 2, engine.Describe());
        Assert.Contains("use --engine rules", engine.StandardError);
    }

    [Fact]
    public async Task LlmEngine_FetchesWithinTheBudget_ThenReplaysTheWarmCache_WithoutACall_ToTheSameBytes()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        for (var i = 0; i < 30; i++) server.Enqueue(new ChatReply(Hold));
        using var dir = new TempDataDir();
        var dates = await ImportAsync(dir, 100);
        string[] run = ["backtest", "--from", Day(dates[70]), "--to", Day(dates[^1]), "--engine", "llm"];
        string[] llm = ["--Llm:Endpoint", server.Endpoint.ToString(), "--Llm:ApiKey", "k", "--Llm:Model", "m"];
        var (a, b) = (Path.Combine(dir.Root, "fetch.json"), Path.Combine(dir.Root, "replay.json"));

        var fetch = await CliProcess.RunAsync(dir.Root, [.. run, "--llm-cache", "fetch", "--llm-budget", "20", "--json", a, .. CliProcess.HostArgs(dir), .. llm], Timeout);
        Assert.True(fetch.ExitCode == 0, fetch.Describe());
        Assert.Equal(20, server.Requests.Count);
        Assert.Contains("llm cache: 0 replayed, 20 fetched (24000 tokens), 10 missed (no decision)", fetch.StandardOutput);
        Assert.Equal(10, BacktestJson.Deserialize(await File.ReadAllTextAsync(a)).LlmCacheMisses);

        var again = await CliProcess.RunAsync(dir.Root, [.. run, "--llm-cache", "fetch", "--llm-budget", "20", "--json", b, .. CliProcess.HostArgs(dir), .. llm], Timeout);
        Assert.True(again.ExitCode == 0, again.Describe());
        // The 20 answered sessions replay; the 10 misses may be fetched now (the budget is per run) but nothing else.
        Assert.Contains("llm cache: 20 replayed, 10 fetched", again.StandardOutput);
        Assert.Equal(30, server.Requests.Count);

        // Replay needs no endpoint or key, only the model the answers are keyed by.
        var replay = await CliProcess.RunAsync(dir.Root, [.. run, "--json", a, .. CliProcess.HostArgs(dir), "--Llm:Model", "m"], Timeout);
        var replay2 = await CliProcess.RunAsync(dir.Root, [.. run, "--llm-cache", "replay", "--json", Path.Combine(dir.Root, "replay2.json"), .. CliProcess.HostArgs(dir), "--Llm:Model", "m"], Timeout);
        Assert.True(replay.ExitCode == 0, replay.Describe());
        Assert.True(replay2.ExitCode == 0, replay2.Describe());
        Assert.Equal(30, server.Requests.Count);
        Assert.Contains("llm cache: 30 replayed, 0 fetched (0 tokens), 0 missed (no decision)", replay.StandardOutput);
        // A warm cache: the replay is the run that filled it, byte for byte.
        Assert.Equal(await File.ReadAllBytesAsync(b), await File.ReadAllBytesAsync(a));
        Assert.Equal(await File.ReadAllBytesAsync(b), await File.ReadAllBytesAsync(Path.Combine(dir.Root, "replay2.json")));
    }
}
