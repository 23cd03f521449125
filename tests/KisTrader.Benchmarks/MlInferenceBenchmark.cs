using System.Diagnostics;
using System.Globalization;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Training;
using KisTrader.Ml;
using KisTrader.Ml.Tests;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace KisTrader.Benchmarks;

/// <summary>ml-inference: what scoring one run of the live graph costs, 40 instruments × the model's features
/// (<see cref="DailyFeatures"/>, 31 columns), for each trainer (lr, rf, lgbm at the product's defaults, trained on a
/// seeded <see cref="SyntheticMarket"/>), from the ONNX export (<see cref="OnnxProbabilityModel"/>) against ML.NET: the
/// product's <see cref="MlNetModel"/> path (rows into an IDataView, transform) and <see cref="MlNetRowModel"/> (ML.NET's
/// PredictionEngine, one row at a time). Baseline: a plain C# dot product + sigmoid with the logistic regression's weights. Two measurements of one
/// run's wall time, p50 and p99: live (each scoring right after computing a run's features, as the live graph does: the
/// caches and the allocator as a real run leaves them) and warm (each path 100 times in a row, the paths in turn, 30
/// cycles, so a busy moment of the shared machine falls on all of them alike). Beside them, the run's other steps:
/// <see cref="Preprocessor.Transform"/> of the 40 rows and, for context, computing their features.</summary>
public static class MlInferenceBenchmark
{
    private const int Instruments = 40;
    private const int Sessions = 300;
    // Quick mode: fewer warm-up runs, cycles and live rounds (the models and the run are the same).
    private static readonly int Warmup = BenchmarkMode.Pick(200, 50);
    private static readonly int Cycles = BenchmarkMode.Pick(30, 5);
    private const int Block = 100;
    private static readonly int Rounds = Cycles * Block;
    private static readonly int LiveRounds = BenchmarkMode.Pick(500, 100);

    private sealed record Path(string Model, string Name, Func<float[]> Score)
    {
        /// <summary>Wall times in µs, the path run {Block} times in a row.</summary>
        public List<double> Warm { get; } = new(Rounds);
        /// <summary>Wall times in µs, each run right after computing the features of a run (the live sequence).</summary>
        public List<double> Live { get; } = new(LiveRounds);
        public float[] Last { get; set; } = [];
    }

    public static Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        Console.WriteLine("ml-inference: building the dataset and training lr, rf, lgbm");
        var history = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 17, Instruments, Sessions, pattern: true));
        var dataset = new DatasetBuilder(new DailyFeatures()).Build(history, DateOnly.MinValue, DateOnly.MaxValue);
        var raw = dataset.Rows.Select(r => r.Features).ToList();
        var pre = Preprocessor.Fit(dataset.Schema, raw);
        var (rows, _) = pre.Transform(raw);
        var labels = dataset.Rows.Select(r => r.Label.Positive).ToList();
        var balance = ClassBalance.Of(labels);
        var training = new TrainingData(dataset.Schema, rows, labels, balance.Weights(labels));

        // One run: the 40 instruments' rows of the last session with features (raw, as the live graph computes them).
        var last = dataset.Sessions[^1];
        var runRaw = dataset.Rows.Where(r => r.Date == last).Select(r => r.Features).ToList();
        var tickers = history.Instruments.Tickers.ToList();
        if (runRaw.Count != Instruments) throw new InvalidOperationException($"{runRaw.Count} rows on {last}, not {Instruments}.");
        var run = pre.Transform(runRaw).Rows;
        var width = dataset.Schema.Count;

        var paths = new List<Path>();
        var loads = new List<string>();
        float[] weights = [];
        float bias = 0;
        double slope = 0, offset = 0;
        foreach (var name in new[] { "lr", "rf", "lgbm" })
        {
            var model = (MlNetModel)TrainerDefaults.Create(name).Fit(training);
            var clock = Stopwatch.StartNew();
            var onnxBytes = OnnxExport.Export(model, run);
            var exportMs = clock.Elapsed.TotalMilliseconds;
            using var zip = new MemoryStream();
            model.Save(zip);
            var zipBytes = zip.ToArray();
            clock.Restart();
            var onnx = OnnxProbabilityModel.Load(onnxBytes, name, width);
            var onnxLoadMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var mlnet = MlNetModel.Load(new MemoryStream(zipBytes), name, width);
            var mlnetLoadMs = clock.Elapsed.TotalMilliseconds;
            loads.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {onnxBytes.Length / 1024.0:0.0} KB | {exportMs:0} ms | {onnxLoadMs:0.0} ms | {zipBytes.Length / 1024.0:0.0} KB | {mlnetLoadMs:0.0} ms |"));

            var byRow = new MlNetRowModel(mlnet);
            paths.Add(new Path(name, "ONNX Runtime (`OnnxProbabilityModel`, one batch)", () => onnx.PredictProbabilities(run)));
            paths.Add(new Path(name, "ML.NET `MlNetModel` (IDataView + transform)", () => mlnet.PredictProbabilities(run)));
            paths.Add(new Path(name, "ML.NET `MlNetRowModel` (PredictionEngine, row by row)", () => byRow.PredictProbabilities(run)));
            if (name == "lr") (weights, bias, slope, offset) = Linear(mlnet);
        }
        var baseline = new Path("lr", "plain C# dot product + Platt sigmoid (baseline)", () => PlainScore(run, weights, bias, slope, offset));
        paths.Add(baseline);
        var preprocessing = new Path("", "`Preprocessor.Transform` of the 40 raw rows", () => pre.Transform(runRaw).Rows[0]);
        paths.Add(preprocessing);
        var extractor = new DailyFeatures();
        var asOf = KrxCalendar.CloseOn(last);
        var features = new Path("", "features of the 40 instruments (`FeatureHistory.InputAt` + `DailyFeatures.Compute`)", () =>
        {
            var sum = 0f;
            foreach (var t in tickers) sum += extractor.Compute(history.InputAt(t, asOf))[0];
            return [sum];
        });
        paths.Add(features);

        Console.WriteLine($"ml-inference: {paths.Count} paths, {Warmup} warm-up runs each, then {Cycles} cycles of {Block} runs each");
        foreach (var path in paths)
            for (var i = 0; i < Warmup; i++) path.Last = path.Score();
        for (var cycle = 0; cycle < Cycles; cycle++)
            foreach (var path in paths)
                for (var i = 0; i < Block; i++) Time(path, path.Warm);

        // As the live graph scores: right after computing the run's features (not timed), which leaves the caches
        // and the allocator as a real run does; one scoring call per path in turn.
        Console.WriteLine($"ml-inference: {LiveRounds} rounds in the live sequence");
        for (var round = 0; round < LiveRounds; round++)
        {
            foreach (var path in paths.Where(p => p != features))
            {
                features.Score();
                Time(path, path.Live);
            }
        }
        foreach (var p in paths)
        {
            p.Warm.Sort();
            p.Live.Sort();
        }

        // Every model path must give the ML.NET transform's probabilities, or its time means nothing.
        var agreement = new Dictionary<string, double>();
        foreach (var group in paths.Where(p => p.Model != "" && p != baseline).GroupBy(p => p.Model))
        {
            var reference = group.Single(p => p.Name.Contains("MlNetModel", StringComparison.Ordinal)).Last;
            foreach (var p in group) agreement[p.Model + p.Name] = p.Last.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        }
        var lrReference = paths.Single(p => p.Model == "lr" && p.Name.Contains("MlNetModel", StringComparison.Ordinal)).Last;
        agreement["lr" + baseline.Name] = baseline.Last.Zip(lrReference, (a, b) => Math.Abs(a - b)).Max();
        return Task.FromResult(Section(machine, paths, baseline, preprocessing, features, agreement, loads, width));
    }

    private static void Time(Path path, List<double> into)
    {
        var t0 = Stopwatch.GetTimestamp();
        var result = path.Score();
        var t1 = Stopwatch.GetTimestamp();
        into.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
        path.Last = result;
    }

    /// <summary>The learned weights of ML.NET's logistic regression and its Platt calibrator.</summary>
    private static (float[] Weights, float Bias, double Slope, double Offset) Linear(MlNetModel model)
    {
        if (model.Transformer is not BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> t)
            throw new InvalidOperationException($"Unexpected logistic-regression transformer {model.Transformer.GetType()}.");
        return ([.. t.Model.SubModel.Weights], t.Model.SubModel.Bias, t.Model.Calibrator.Slope, t.Model.Calibrator.Offset);
    }

    private static float[] PlainScore(float[][] rows, float[] w, float b, double slope, double offset)
    {
        var p = new float[rows.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var x = rows[i];
            var s = b;
            for (var j = 0; j < w.Length; j++) s += w[j] * x[j];
            p[i] = (float)(1 / (1 + Math.Exp(slope * s + offset)));
        }
        return p;
    }

    private static string Section(string machine, List<Path> paths, Path baseline, Path preprocessing, Path features,
        Dictionary<string, double> agreement, List<string> loads, int width)
    {
        static double W(Path p, double q) => BenchmarkReport.Quantile(p.Warm, q);
        static double L(Path p, double q) => BenchmarkReport.Quantile(p.Live, q);
        static string Us(double micros) => micros >= 1000 ? $"{micros / 1000:0.00} ms" : $"{micros:0.0} µs";
        var lines = string.Join("\n", paths.Where(p => p.Model != "").Select(p =>
            $"| {p.Model} | {p.Name} | {Us(L(p, 0.5))} | {Us(L(p, 0.99))} | {L(p, 0.5) / L(baseline, 0.5):0}× | {Us(W(p, 0.5))} | {Us(W(p, 0.99))} | {W(p, 0.5) / W(baseline, 0.5):0.0}× | {agreement[p.Model + p.Name]:0.0e0} |"));
        var models = paths.Where(p => p.Model != "" && p != baseline).ToList();
        var ratios = string.Join("; ", models.GroupBy(p => p.Model).Select(g =>
        {
            var onnx = g.Single(p => p.Name.StartsWith("ONNX", StringComparison.Ordinal));
            var mlnet = g.Single(p => p.Name.Contains("MlNetModel", StringComparison.Ordinal));
            var byRow = g.Single(p => p.Name.Contains("MlNetRowModel", StringComparison.Ordinal));
            return $"{g.Key}: `MlNetRowModel` / ONNX {L(byRow, 0.5) / L(onnx, 0.5):0.00} (live p50), {W(byRow, 0.5) / W(onnx, 0.5):0.00} (warm p50); `MlNetModel` / ONNX {L(mlnet, 0.5) / L(onnx, 0.5):0.0}";
        }));
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## ML inference: one run of {Instruments} instruments, ONNX Runtime against ML.NET

            One run = the {Instruments} instruments' rows of one session × {width} features (`DailyFeatures`), preprocessed as the
            model's training rows were, scored by the product's default trainers (lr, rf with 100 trees, lgbm with 100
            iterations) trained on a seeded `SyntheticMarket` ({Instruments} × {Sessions} sessions); wall time of one run, {HistoryLoadRunsInfo.Configuration}.
            *Live*: as the live graph scores, each run right after computing the run's features (not timed), the paths in
            turn, {LiveRounds} runs each. *Warm*: each path {Block} times in a row, the paths in turn, {Cycles} cycles ({Rounds:#,0} runs each). Both
            after {Warmup} warm-up runs. Goal: scoring a run adds under 5 ms. Machine: {machine}.

            | model | path | live p50 | live p99 | live p50 / baseline | warm p50 | warm p99 | warm p50 / baseline | largest difference to `MlNetModel` |
            |---|---|---:|---:|---:|---:|---:|---:|---:|
            {lines}

            Ratios of p50 (above 1: ONNX faster): {ratios}.

            The run's other steps: {preprocessing.Name}: live p50 {Us(L(preprocessing, 0.5))}, p99 {Us(L(preprocessing, 0.99))}; for context
            (not scoring: the live graph computes features whatever the model), {features.Name}: warm p50 {Us(W(features, 0.5))}, p99 {Us(W(features, 0.99))}.

            Loading (once per activated version); the export is checked against ML.NET on the run's rows, as at registration:

            | model | ONNX size | export + check | ONNX session load | ML.NET zip | ML.NET load |
            |---|---:|---:|---:|---:|---:|
            {string.Join("\n", loads)}
            """);
    }
}
