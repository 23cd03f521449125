using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Ml.Evaluation;
using KisTrader.Core.Ml.Registry;
using KisTrader.Ml;

namespace KisTrader.Web.Cli;

/// <summary>One class's out-of-sample numbers as printed and written.</summary>
public sealed record ClassReport(string Class, double Precision, double Recall, double F1, int Support);

/// <summary>What <c>train</c> prints and writes (<c>--json</c>) per model: the registered version, the per-class metrics
/// over the walk-forward test windows, the threshold-free ones, and the majority baseline's F1 on the same rows.</summary>
public sealed record TrainReport(
    string Model,
    string Signal,
    int Version,
    string Status,
    DateOnly WindowFrom,
    DateOnly WindowTo,
    string FeatureSet,
    string DataSha256,
    int TestRows,
    IReadOnlyList<double> FoldThresholds,
    IReadOnlyList<ClassReport> Classes,
    double MacroF1,
    double? RocAuc,
    double? AveragePrecision,
    double Brier,
    double BaselineF1,
    double BaselineMacroF1,
    GatedBacktestReport? Backtest = null,
    RulesBaselineReport? RulesBaseline = null)
{
    private static readonly string[] ClassNames = ["no", "up"];

    public static TrainReport From(SignalTrainingResult result, ModelVersion stored, GatedBacktestOutcome? gated = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stored);
        var rules = gated?.RulesBaseline.Metrics.Positive;
        return new TrainReport(result.Trainer, stored.Signal, stored.Version, ModelStatusNames.Of(stored.Status), stored.Window.From, stored.Window.To,
            stored.FeatureSetVersion, stored.DataSha256, result.Test.Confusion.Total, result.FoldThresholds,
            [.. result.Test.PerClass.Select(c => new ClassReport(ClassNames[c.Class], c.Precision, c.Recall, c.F1, c.Support))],
            result.Test.MacroF1, result.RocAuc.Value, result.AveragePrecision.Value, result.Brier,
            MajorityBaseline.HeadlineF1(result.Baseline), result.Baseline.MacroF1,
            stored.Backtest is { } b && gated is not null
                ? new GatedBacktestReport(b.From, b.To, b.GatedReturn, b.UngatedReturn, b.Excess, b.GatedMaxDrawdown, b.UngatedMaxDrawdown,
                    b.GatedSharpe, b.UngatedSharpe, gated.Gated.Fills.Count, gated.Ungated.Fills.Count, b.BacktestId)
                : null,
            rules is null ? null : new RulesBaselineReport(rules.Precision, rules.Recall, rules.F1, gated!.RulesBaseline.Metrics.MacroF1, gated.RulesBaseline.Unobserved));
    }

    /// <summary>A three-class model's report: no threshold (the most probable class), macro one-vs-rest ROC AUC, the
    /// multi-class Brier score; its headline F1 and the baseline's are macro F1s.</summary>
    public static TrainReport From(ThreeClassTrainingResult result, ModelVersion stored)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stored);
        var c = result.Test.Classification;
        return new TrainReport(result.Trainer, stored.Signal, stored.Version, ModelStatusNames.Of(stored.Status), stored.Window.From, stored.Window.To,
            stored.FeatureSetVersion, stored.DataSha256, c.Confusion.Total, [],
            [.. c.PerClass.Select(k => new ClassReport(ModelMetrics.ThreeClassNames[k.Class], k.Precision, k.Recall, k.F1, k.Support))],
            c.MacroF1, result.Test.MacroRocAuc.Value, null, result.Test.Brier,
            MajorityBaseline.HeadlineF1(result.Baseline), result.Baseline.MacroF1);
    }
}

/// <summary>The gated backtest of a model, out of sample (the walk-forward's test windows): the rules engine with its
/// entries gated by the model's signal against the same backtest without the gate. <see cref="Excess"/> is what the gate
/// added to the return; <see cref="BacktestId"/> the stored gated backtest (<c>backtest show</c>, the Backtests page).</summary>
public sealed record GatedBacktestReport(
    DateOnly From, DateOnly To, double GatedReturn, double UngatedReturn, double Excess, double GatedMaxDrawdown, double UngatedMaxDrawdown,
    double? GatedSharpe, double? UngatedSharpe, int GatedFills, int UngatedFills, string? BacktestId);

/// <summary>The rules engine's signal as a classifier on the same test rows: "a buy rule fires" predicts the label.
/// <see cref="Unobserved"/>: test rows no backtest decision acted on (counted as "no buy").</summary>
public sealed record RulesBaselineReport(double Precision, double Recall, double F1, double MacroF1, int Unobserved);

/// <summary>The tables of <c>train</c>, <c>models</c> and <c>evaluate</c>.</summary>
public static class ModelTable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static string N(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    public static void WriteTraining(TextWriter w, TrainReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model {r.Model}: {r.Signal} v{r.Version} ({r.Status}), window {r.WindowFrom:yyyy-MM-dd}..{r.WindowTo:yyyy-MM-dd}, {r.TestRows:N0} test rows, {(r.FoldThresholds.Count == 0 ? "the most probable class" : $"thresholds {string.Join(" ", r.FoldThresholds.Select(t => N(t)))} (chosen on validation)")}"));
        w.WriteLine($"{"class",-8}{"precision",10}{"recall",10}{"F1",10}{"support",10}");
        foreach (var c in r.Classes)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Class,-8}{N(c.Precision),10}{N(c.Recall),10}{N(c.F1),10}{c.Support,10:N0}"));
        w.WriteLine($"{"macro",-8}{"",10}{"",10}{N(r.MacroF1),10}");
        w.WriteLine($"ROC AUC {N(r.RocAuc)}, average precision {N(r.AveragePrecision)}, Brier {N(r.Brier)}");
        w.WriteLine(r.Classes.Count == 2
            ? $"majority baseline: F1 (up) {N(r.BaselineF1)}, macro F1 {N(r.BaselineMacroF1)}"
            : $"majority baseline: macro F1 {N(r.BaselineMacroF1)}");
        if (r.RulesBaseline is { } rules)
            w.WriteLine($"rules baseline (a buy rule fires): precision {N(rules.Precision)}, recall {N(rules.Recall)}, F1 (up) {N(rules.F1)}, macro F1 {N(rules.MacroF1)}"
                + (rules.Unobserved > 0 ? $" ({rules.Unobserved:N0} test rows no decision acted on)" : ""));
        if (r.Backtest is { } b)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gated backtest {b.From:yyyy-MM-dd}..{b.To:yyyy-MM-dd} (out of sample): return {P(b.GatedReturn)} vs {P(b.UngatedReturn)} without the gate, excess {P(b.Excess, signed: true)}; max drawdown {P(b.GatedMaxDrawdown)} vs {P(b.UngatedMaxDrawdown)}; Sharpe {N(b.GatedSharpe)} vs {N(b.UngatedSharpe)}; fills {b.GatedFills:N0} vs {b.UngatedFills:N0}{(b.BacktestId is { } id ? $"; stored as backtest {id}" : "")}"));
    }

    /// <summary>One row per model: what its gate did to the rules engine's backtest over the test windows.</summary>
    public static void WriteGatedBacktests(TextWriter w, IReadOnlyList<TrainReport> reports)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(reports);
        w.WriteLine();
        w.WriteLine("gated backtest (rules engine with and without the model's gate, walk-forward test windows):");
        w.WriteLine($"{"model",-7}{"version",8}  {"period",-23}{"gated",9}{"ungated",9}{"excess",9}{"DD gated",10}{"DD ungated",12}");
        foreach (var r in reports)
        {
            if (r.Backtest is not { } b) continue;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model,-7}{"v" + r.Version,8}  {$"{b.From:yyyy-MM-dd}..{b.To:yyyy-MM-dd}",-23}{P(b.GatedReturn),9}{P(b.UngatedReturn),9}{P(b.Excess, signed: true),9}{P(b.GatedMaxDrawdown),10}{P(b.UngatedMaxDrawdown),12}"));
        }
    }

    private static string P(double? v, bool signed = false) => v is { } x
        ? (signed && x >= 0 ? "+" : "") + (x * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"
        : "n/a";

    public static void WriteList(TextWriter w, IReadOnlyList<ModelVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(versions);
        w.WriteLine($"{"signal",-16}{"version",8}  {"trainer",-9}{"status",-10}{"window",-23}{"F1",7}{"AUC",7}{"excess",9}  created");
        foreach (var v in versions)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{v.Signal,-16}{"v" + v.Version,8}  {v.Trainer,-9}{ModelStatusNames.Of(v.Status),-10}{$"{v.Window.From:yyyy-MM-dd}..{v.Window.To:yyyy-MM-dd}",-23}{N(v.Metrics.F1),7}{N(v.Metrics.RocAuc),7}{P(v.Backtest?.Excess, signed: true),9}  {v.CreatedAt:yyyy-MM-dd HH:mm}Z"));
    }

    public static void WriteVersion(TextWriter w, ModelVersion v)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(v);
        var m = v.Metrics;
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{v.Label}: {v.Trainer}, {ModelStatusNames.Of(v.Status)}{(v.StatusReason is { } reason ? $" ({reason})" : "")}, created {v.CreatedAt:yyyy-MM-dd HH:mm}Z"));
        w.WriteLine($"window {v.Window.From:yyyy-MM-dd}..{v.Window.To:yyyy-MM-dd}, features {v.FeatureSetVersion} ({v.Features.Count}), data {v.DataSha256}");
        w.WriteLine("hyper-parameters: " + string.Join(", ", v.HyperParameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"out of sample ({m.TestRows:N0} test rows, threshold {N(m.Threshold)}): precision {N(m.Precision)}, recall {N(m.Recall)}, F1 {N(m.F1)}"));
        w.WriteLine($"ROC AUC {N(m.RocAuc)}, average precision {N(m.AveragePrecision)}, Brier {N(m.Brier)}; majority baseline F1 {N(m.BaselineF1)}");
        foreach (var c in m.Classes ?? [])
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Class,-9}precision {N(c.Precision)}, recall {N(c.Recall)}, F1 {N(c.F1)}, support {c.Support:N0}"));
        w.WriteLine(v.Backtest is { } b
            ? string.Create(CultureInfo.InvariantCulture,
                $"gated backtest {b.From:yyyy-MM-dd}..{b.To:yyyy-MM-dd} (out of sample): return {P(b.GatedReturn)} vs {P(b.UngatedReturn)} without the gate, excess {P(b.Excess, signed: true)}; max drawdown {P(b.GatedMaxDrawdown)} vs {P(b.UngatedMaxDrawdown)}; Sharpe {N(b.GatedSharpe)} vs {N(b.UngatedSharpe)}{(b.BacktestId is { } id ? $"; backtest {id}" : "")}")
            : "gated backtest: not run");
        w.WriteLine("artifacts: " + (v.Artifacts.Count == 0 ? "none" : string.Join(", ", v.Artifacts.Select(a => $"{a.Format} ({a.Length:N0} bytes)"))));
    }
}
