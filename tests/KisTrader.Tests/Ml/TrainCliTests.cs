using System.Globalization;
using System.Text.Json;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Testing.History;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Cli;
using Xunit.Abstractions;

namespace KisTrader.Tests.Ml;

/// <summary><c>train</c>, <c>models</c> and <c>evaluate</c> through the real executable over a small seeded history in
/// a real SQLite file: the candidate is registered with its artifacts, listed and its metrics printed back.</summary>
public sealed class TrainCliTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private static readonly DateTimeOffset Collected = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Three instruments over 170 KRX sessions from 2025-01-02, seeded; a volume spike lifts the next five
    /// sessions (the pattern the label can learn), plus the KOSPI index.</summary>
    private static List<HistoryBar> SeededHistory(int instruments = 3, int sessions = 170) =>
        VolumeSpikeHistory.Daily(VolumeSpikeHistory.SessionsFrom(new DateOnly(2025, 1, 2), sessions),
            [.. Enumerable.Range(0, instruments).Select(k => (100000 + k * 10).ToString(CultureInfo.InvariantCulture))],
            seed: 17, firstClose: (k, _) => 20_000.0 + k * 5_000, Collected);

    [Fact]
    public async Task Train_Lr_RegistersACandidate_PrintsItsMetrics_AndModelsAndEvaluateShowIt()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.DataDir);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        await new DatabaseInitializer(factory).InitializeAsync();
        await new EfMarketHistory(factory).UpsertAsync(SeededHistory());
        var json = Path.Combine(dir.Root, "train.json");

        var train = await CliProcess.RunAsync(dir.Root, ["train", "--model", "lr", "--json", json, .. CliProcess.HostArgs(dir)], Timeout);
        output.WriteLine(train.StandardOutput);

        Assert.True(train.ExitCode == 0, train.Describe());
        Assert.Contains("model lr: up5d-1pct v1 (candidate), window 2025-01-02..", train.StandardOutput);
        Assert.Matches(@"class\s+precision\s+recall\s+F1\s+support", train.StandardOutput);
        Assert.Matches(@"\nup\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+\d+", train.StandardOutput);
        Assert.Contains("majority baseline: F1 (up) ", train.StandardOutput);
        Assert.Matches(@"rules baseline \(a buy rule fires\): precision \d\.\d{3}, recall \d\.\d{3}, F1 \(up\) \d\.\d{3}", train.StandardOutput);
        Assert.Matches(@"\nlr\s+v1\s+\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d\s+-?\d+\.\d\d%\s+-?\d+\.\d\d%\s+[+-]\d+\.\d\d%", train.StandardOutput);
        var reports = JsonSerializer.Deserialize<List<TrainReport>>(await File.ReadAllTextAsync(json), ModelTable.Json)!;
        var report = Assert.Single(reports);
        Assert.Equal(("lr", "up5d-1pct", 1, "candidate"), (report.Model, report.Signal, report.Version, report.Status));
        Assert.Equal(["no", "up"], report.Classes.Select(c => c.Class));
        Assert.Equal(report.TestRows, report.Classes.Sum(c => c.Support));
        Assert.True(report.TestRows > 0 && report.RocAuc is >= 0 and <= 1, train.Describe());
        Assert.All(report.FoldThresholds, t => Assert.InRange(t, 0, 1));
        Assert.NotNull(report.RulesBaseline);
        var gated = report.Backtest!;
        Assert.Equal(gated.GatedReturn - gated.UngatedReturn, gated.Excess, 12);
        Assert.True(gated.UngatedFills > 0, train.Describe());

        var stored = Assert.Single(await new EfModelRegistry(factory).ListAsync("up5d-1pct"));
        Assert.Equal(("lr", report.DataSha256, "daily/v1"), (stored.Trainer, stored.DataSha256, stored.FeatureSetVersion));
        Assert.Equal(report.Classes[1].F1, stored.Metrics.F1, 12);
        Assert.Equal(report.BaselineF1, stored.Metrics.BaselineF1, 12);
        Assert.Equal(["mlnet", "onnx", "drift-bins", "preprocessing", "report"], stored.Artifacts.Select(a => a.Format));
        Assert.Equal(["negative", "positive"], stored.Metrics.Classes!.Select(c => c.Class));
        Assert.Equal(report.Classes.Select(c => (c.F1, c.Support)), stored.Metrics.Classes!.Select(c => (c.F1, c.Support)));
        Assert.NotNull(await new EfModelRegistry(factory).GetArtifactAsync("up5d-1pct", 1, "mlnet"));
        // The registered version carries its gated backtest, and the gated report is stored under the id it names.
        Assert.Equal((gated.GatedReturn, gated.UngatedReturn, gated.UngatedSharpe, gated.BacktestId), (stored.Backtest!.GatedReturn, stored.Backtest.UngatedReturn, stored.Backtest.UngatedSharpe, stored.Backtest.BacktestId));
        var backtest = await new EfBacktestStore(factory).GetAsync(gated.BacktestId!);
        Assert.Equal(gated.GatedReturn, backtest!.Report.Metrics.TotalReturn, 12);
        Assert.Equal((gated.From, gated.To), (backtest.Report.Request.From, backtest.Report.Request.To));

        var models = await CliProcess.RunAsync(dir.Root, ["models", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(models.ExitCode == 0, models.Describe());
        Assert.Matches(@"up5d-1pct\s+v1\s+lr\s+candidate\s+2025-01-02\.\.\d{4}-\d\d-\d\d\s+" + Regex(report.Classes[1].F1) + @"\s+(\d\.\d{3}|n/a)\s+[+-]\d+\.\d\d%", models.StandardOutput);

        var evaluate = await CliProcess.RunAsync(dir.Root, ["evaluate", "v1", .. CliProcess.HostArgs(dir)], Timeout);
        output.WriteLine(evaluate.StandardOutput);
        Assert.True(evaluate.ExitCode == 0, evaluate.Describe());
        Assert.Contains("up5d-1pct v1: lr, candidate", evaluate.StandardOutput);
        Assert.Contains($"F1 {report.Classes[1].F1.ToString("0.000", CultureInfo.InvariantCulture)}", evaluate.StandardOutput);
        Assert.Contains($"data {report.DataSha256}", evaluate.StandardOutput);
        Assert.Contains($"gated backtest {gated.From:yyyy-MM-dd}..{gated.To:yyyy-MM-dd} (out of sample): return ", evaluate.StandardOutput);
        Assert.Contains($"backtest {gated.BacktestId}", evaluate.StandardOutput);
        Assert.Matches(@"positive\s+precision \d\.\d{3}, recall \d\.\d{3}, F1 " + Regex(report.Classes[1].F1), evaluate.StandardOutput);
    }

    [Fact]
    public async Task Train_ThreeClassLabels_RegistersUnderTheThreeClassSignal_WithPerClassMetrics()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.DataDir);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        await new DatabaseInitializer(factory).InitializeAsync();
        await new EfMarketHistory(factory).UpsertAsync(SeededHistory());
        var json = Path.Combine(dir.Root, "train.json");

        var train = await CliProcess.RunAsync(dir.Root, ["train", "--model", "lr", "--labels", "three", "--json", json, .. CliProcess.HostArgs(dir)], Timeout);
        output.WriteLine(train.StandardOutput);

        Assert.True(train.ExitCode == 0, train.Describe());
        Assert.Contains("label 3c5d-1pct", train.StandardOutput);
        Assert.Contains("model lr: 3c5d-1pct v1 (candidate)", train.StandardOutput);
        Assert.Matches(@"\nflat\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+\d+", train.StandardOutput);
        Assert.Contains("majority baseline: macro F1 ", train.StandardOutput);
        var report = Assert.Single(JsonSerializer.Deserialize<List<TrainReport>>(await File.ReadAllTextAsync(json), ModelTable.Json)!);
        Assert.Equal(["down", "flat", "up"], report.Classes.Select(c => c.Class));
        Assert.Empty(report.FoldThresholds);

        var stored = Assert.Single(await new EfModelRegistry(factory).ListAsync("3c5d-1pct"));
        Assert.Equal(report.MacroF1, stored.Metrics.F1, 12);
        Assert.Equal(report.Classes.Select(c => (c.Class, c.F1, c.Support)), stored.Metrics.Classes!.Select(c => (c.Class, c.F1, c.Support)));
        Assert.Empty(await new EfModelRegistry(factory).ListAsync("up5d-1pct"));

        var bad = await CliProcess.RunAsync(dir.Root, ["train", "--labels", "four", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(bad.ExitCode == 2, bad.Describe());
        Assert.Contains("--labels must be binary or three (got 'four')", bad.StandardError);
    }

    private static string Regex(double value) => System.Text.RegularExpressions.Regex.Escape(value.ToString("0.000", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Train_Promote_PutsTheBestCandidateToThePromotionRule_AndSaysWhyItWasRefused()
    {
        using var dir = new TempDataDir();
        Directory.CreateDirectory(dir.DataDir);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={dir.DatabaseFile}");
        await new DatabaseInitializer(factory).InitializeAsync();
        await new EfMarketHistory(factory).UpsertAsync(SeededHistory());

        var train = await CliProcess.RunAsync(dir.Root, ["train", "--model", "lr", "--promote", .. CliProcess.HostArgs(dir)], Timeout);
        output.WriteLine(train.StandardOutput);

        Assert.True(train.ExitCode == 0, train.Describe());
        // On this seeded history the gate keeps every entry (the same fills with and without it), so it adds nothing; the
        // rule wants a gain over the ungated backtest for a first model: it refuses, and the candidate keeps the reason.
        Assert.Contains("promotion: up5d-1pct v1 not promoted: ", train.StandardOutput);
        Assert.Contains("gated backtest adds 0% vs 0% for the backtest without the gate", train.StandardOutput);
        var stored = (await new EfModelRegistry(factory).GetAsync("up5d-1pct", 1))!;
        Assert.Equal(KisTrader.Core.Ml.Registry.ModelStatus.Candidate, stored.Status);
        Assert.StartsWith("promotion refused:", stored.StatusReason);
    }

    [Fact]
    public async Task Evaluate_UnknownVersion_IsRefused_AndTrain_BadModel_NamesTheOption()
    {
        using var dir = new TempDataDir();
        var evaluate = await CliProcess.RunAsync(dir.Root, ["evaluate", "3", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(evaluate.ExitCode == 2, evaluate.Describe());
        Assert.Contains("up5d-1pct v3 does not exist", evaluate.StandardError);

        var badModel = await CliProcess.RunAsync(dir.Root, ["train", "--model", "xgb", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(badModel.ExitCode == 2, badModel.Describe());
        Assert.Contains("--model must be lr, rf, lgbm or all (got 'xgb')", badModel.StandardError);

        var badDate = await CliProcess.RunAsync(dir.Root, ["train", "--from", "2025-13-01", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(badDate.ExitCode == 2, badDate.Describe());
        Assert.Contains("--from", badDate.StandardError);

        var empty = await CliProcess.RunAsync(dir.Root, ["train", "--model", "lr", .. CliProcess.HostArgs(dir)], Timeout);
        Assert.True(empty.ExitCode == 2, empty.Describe());
        Assert.Contains("no daily bars stored", empty.StandardError);
    }
}
