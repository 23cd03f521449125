using System.Text.RegularExpressions;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Trading;

/// <summary>Issue 4: <c>graph run --cycles N</c> runs N cycles against the built-in simulator, prints each run's summary
/// and exits 0; with default settings and approval off, 10 cycles produce at least one executed trade. The real
/// executable in its own process (not in the composed-app collection: nothing in-process is shared).</summary>
public sealed partial class CliGraphRunTests
{
    private static string[] HostArgs(TempDataDir dir) => [.. CliProcess.HostArgs(dir), "--Admin:Password", TradingApp.AdminPassword];

    [Fact]
    public async Task GraphRun_TenCycles_ApprovalOff_ExitsZero_PrintsEachRun_AndRecordsATrade()
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root,
            ["graph", "run", "--cycles", "10", "--approval", "off", "--interval", "1", .. HostArgs(dir)], TimeSpan.FromSeconds(120));

        var output = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{output}");
        var runs = RunLine().Matches(result.StandardOutput);
        Assert.True(runs.Count == 10, $"{runs.Count} run lines\n{output}");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString()), runs.Select(m => m.Groups[1].Value));
        var total = TotalLine().Match(result.StandardOutput);
        Assert.True(total.Success, "no total line\n" + output);
        Assert.True(int.Parse(total.Groups[1].Value) >= 1, "no trade recorded\n" + output);

        Assert.True(File.Exists(dir.DatabaseFile), "no database at " + dir.DatabaseFile);
        await using var db = new SqliteConnection($"Data Source={dir.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM trades";
        var trades = Convert.ToInt64(await count.ExecuteScalarAsync());
        // At least what the total reported (an order still open then may have filled before the process stopped).
        Assert.True(trades >= int.Parse(total.Groups[1].Value), $"{trades} trades rows\n" + output);
    }

    [Fact]
    public async Task GraphRun_ZeroCycles_ExitsTwo_WithAMessage()
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, ["graph", "run", "--cycles", "0", .. HostArgs(dir)], TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--cycles must be at least 1", result.StandardError);
        Assert.DoesNotMatch(RunLine(), result.StandardOutput);
        Assert.False(File.Exists(dir.DatabaseFile), "the app was built although the arguments were refused");
    }

    [Fact]
    public async Task GraphRun_LlmUnreachable_ExitsOne_AndSaysConnectionRefused()
    {
        using var dir = new TempDataDir();
        var refusing = KisTrader.Tests.Llm.LoopbackChatServer.RefusingEndpoint();

        var result = await CliProcess.RunAsync(dir.Root,
            // Two cycles: a run before the simulator's feed has priced anything holds on stale data without asking the LLM.
            ["graph", "run", "--cycles", "2", "--interval", "2", .. HostArgs(dir), "--Llm:Endpoint", refusing.ToString()], TimeSpan.FromSeconds(90));

        var output = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\n{output}");
        Assert.Matches(@"run \d/2: Failed ", result.StandardOutput);
        Assert.Contains($"decision failed: the LLM call failed: connection refused ({refusing.Authority})", result.StandardOutput);
    }

    [GeneratedRegex(@"^run (\d+)/10: ", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    [GeneratedRegex(@"^total: \d+ orders, \d+ with fills, (\d+) trades recorded", RegexOptions.Multiline)]
    private static partial Regex TotalLine();
}
