using System.Diagnostics;
using System.Globalization;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Training;
using KisTrader.Ml;
using KisTrader.Ml.Tests;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace KisTrader.Benchmarks;

/// <summary>ml: issue 17's goals. The product's random forest (<see cref="RandomForestTrainer"/>, FastForest, 100 trees)
/// trained on 100,000 seeded rows × 20 features, beside logistic regression trained on the same rows; logistic
/// regression scoring 1,000,000 rows through the product's <see cref="MlNetModel"/>, beside a plain C# dot product and
/// sigmoid with the same learned weights; and <see cref="DatasetBuilder"/> with <see cref="DailyFeatures"/> over a seeded
/// history, one thread, at two sizes to show whether it scales linearly. Stopwatch, best of a few runs after a warm-up
/// (a training run is seconds: BenchmarkDotNet's statistics add nothing but minutes here); CPU time beside wall time,
/// because the machine is shared.</summary>
public static class MlBenchmark
{
    // Quick mode: a tenth of the training and scoring rows, feature building over 250 sessions.
    private static readonly int Rows = BenchmarkMode.Pick(100_000, 10_000);
    private const int Width = 20;
    private static readonly int ScoreRows = BenchmarkMode.Pick(1_000_000, 100_000);
    private const int Instruments = 20;
    private static readonly int Sessions = BenchmarkMode.Pick(500, 250);

    public static Task<string> RunAsync()
    {
        var machine = BenchmarkReport.Machine();
        var schema = new FeatureSchema("bench", 1, [.. Enumerable.Range(0, Width).Select(i => $"f{i}")]);
        var train = Synthetic(schema, Rows, seed: 17);

        Console.WriteLine("ml: warm-up");
        var small = Synthetic(schema, 5_000, seed: 3);
        TrainerDefaults.Create("rf").Fit(small);
        TrainerDefaults.Create("lr").Fit(small);

        var rf = Measure("rf training", BenchmarkMode.Pick(2, 1), () => TrainerDefaults.Create("rf").Fit(train));
        var lr = Measure("lr training", BenchmarkMode.Pick(2, 1), () => TrainerDefaults.Create("lr").Fit(train));
        var majority = Measure("majority training", 3, () => TrainerDefaults.Create("majority").Fit(train));

        var model = (MlNetModel)TrainerDefaults.Create("lr").Fit(train);
        var (weights, bias, slope, offset) = Linear(model);
        var scoring = Synthetic(schema, ScoreRows, seed: 18).Features;
        float[] byModel = [], byLoop = [];
        var scoreModel = Measure("lr scoring (MlNetModel)", 3, () => byModel = model.PredictProbabilities(scoring));
        var scoreLoop = Measure("lr scoring (plain loop)", 3, () => byLoop = PlainScore(scoring, weights, bias, slope, offset));
        var maxDiff = 0.0;
        for (var i = 0; i < ScoreRows; i++) maxDiff = Math.Max(maxDiff, Math.Abs(byModel[i] - byLoop[i]));

        var features = FeatureBuilding();
        var profile = FeatureProfile();
        return Task.FromResult(Section(machine, rf, lr, majority, scoreModel, scoreLoop, maxDiff, features, profile));
    }

    private sealed record Timing(double Wall, double Cpu);

    private sealed record FeatureRun(int Instruments, int Rows, Timing Time, int Threads);

    /// <summary>Best wall time (and the CPU time of that run) of <paramref name="runs"/> runs.</summary>
    private static Timing Measure(string name, int runs, Action action)
    {
        var best = new Timing(double.MaxValue, 0);
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            var wall = sw.Elapsed.TotalSeconds;
            var spent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ml: {name} {wall:0.000} s (CPU {spent:0.000} s)"));
            if (wall < best.Wall) best = new Timing(wall, spent);
        }
        return best;
    }

    /// <summary>Gaussian features; the label is drawn from a logistic model of five of them, so there is something to learn.</summary>
    private static TrainingData Synthetic(FeatureSchema schema, int rows, int seed)
    {
        var random = new Random(seed);
        var features = new float[rows][];
        var labels = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var x = new float[Width];
            for (var j = 0; j < Width; j++) x[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            var z = 0.8 * x[0] - 0.6 * x[1] + 0.5 * x[2] * x[3] + 0.4 * x[4] - 0.3;
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            features[r] = x;
        }
        return new TrainingData(schema, features, labels);
    }

    /// <summary>The learned weights of ML.NET's logistic regression and its (identity-like) Platt calibrator.</summary>
    private static (float[] Weights, float Bias, double Slope, double Offset) Linear(MlNetModel model)
    {
        if (model.Transformer is not BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> t)
            throw new InvalidOperationException($"Unexpected logistic-regression transformer {model.Transformer.GetType()}.");
        return ([.. t.Model.SubModel.Weights], t.Model.SubModel.Bias, t.Model.Calibrator.Slope, t.Model.Calibrator.Offset);
    }

    /// <summary>The baseline: score = w·x + b, probability = 1 / (1 + exp(slope·score + offset)), as Platt's calibrator does.</summary>
    private static float[] PlainScore(IReadOnlyList<float[]> rows, float[] w, float b, double slope, double offset)
    {
        var p = new float[rows.Count];
        for (var i = 0; i < p.Length; i++)
        {
            var x = rows[i];
            var s = b;
            for (var j = 0; j < w.Length; j++) s += w[j] * x[j];
            p[i] = (float)(1 / (1 + Math.Exp(slope * s + offset)));
        }
        return p;
    }

    /// <summary>DatasetBuilder (DailyFeatures, default label) over seeded synthetic histories of 500 sessions: one
    /// thread at 20 and 40 instruments, then the default parallelism at 40.</summary>
    private static List<FeatureRun> FeatureBuilding()
    {
        var runs = new List<FeatureRun>();
        var warm = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 2, instruments: 2, sessions: 300, pattern: true));
        new DatasetBuilder(new DailyFeatures()) { Parallelism = 1 }.Build(warm, DateOnly.MinValue, DateOnly.MaxValue);
        foreach (var (instruments, threads) in new[] { (Instruments, 1), (Instruments * 2, 1), (Instruments * 2, Environment.ProcessorCount) })
        {
            var history = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 17, instruments, Sessions, pattern: true));
            var builder = new DatasetBuilder(new DailyFeatures()) { Parallelism = threads };
            var count = 0;
            var time = Measure($"features {instruments} x {Sessions}, {threads} thread(s)", 2,
                () => count = builder.Build(history, DateOnly.MinValue, DateOnly.MaxValue).Rows.Count);
            runs.Add(new FeatureRun(instruments, count, time, threads));
        }
        return runs;
    }

    /// <summary>Where a row's time goes: DatasetBuilder's per-row steps timed apart (one thread, 20 × 500, best of two
    /// passes): the label (<see cref="FeatureHistory.SessionsAfter"/> + <see cref="ForwardLabel.From"/>), the input
    /// (<see cref="FeatureHistory.InputAt"/>: the visible bars and the constructor's look-ahead check) and
    /// <see cref="DailyFeatures.Compute"/>.</summary>
    private static (double Label, double Input, double Compute, int Rows, ulong Checksum) FeatureProfile()
    {
        var history = FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 17, Instruments, Sessions, pattern: true));
        var extractor = new DailyFeatures();
        var spec = new LabelSpec();
        var costs = new TradingCosts();
        var best = (Label: double.MaxValue, Input: double.MaxValue, Compute: double.MaxValue, Rows: 0, Checksum: 0UL);
        for (var pass = 0; pass < 2; pass++)
        {
            long label = 0, input = 0, compute = 0;
            var rows = 0;
            // Every value's bits, in order: a change to the feature code that claims to keep the values shows the same sum.
            var checksum = 14695981039346656037UL;
            foreach (var ticker in history.Instruments.Tickers)
            {
                var market = history.Instruments.Instrument(ticker).Market;
                foreach (var date in history.Sessions(ticker))
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var l = ForwardLabel.From(history.SessionsAfter(ticker, date, spec.Horizon), spec, market, costs);
                    var t1 = Stopwatch.GetTimestamp();
                    label += t1 - t0;
                    if (l is null) continue;
                    var at = history.InputAt(ticker, KrxCalendar.CloseOn(date));
                    var t2 = Stopwatch.GetTimestamp();
                    var values = extractor.Compute(at);
                    var t3 = Stopwatch.GetTimestamp();
                    foreach (var v in values) checksum = (checksum ^ BitConverter.SingleToUInt32Bits(v)) * 1099511628211UL;
                    input += t2 - t1;
                    compute += t3 - t2;
                    rows++;
                }
            }
            double Ms(long ticks) => ticks * 1e3 / Stopwatch.Frequency / rows;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ml: per row label {Ms(label):0.000} ms, input {Ms(input):0.000} ms, compute {Ms(compute):0.000} ms, checksum {checksum:x16}"));
            if (Ms(label) + Ms(input) + Ms(compute) < best.Label + best.Input + best.Compute) best = (Ms(label), Ms(input), Ms(compute), rows, checksum);
        }
        return best;
    }

    private static string Section(string machine, Timing rf, Timing lr, Timing majority, Timing scoreModel, Timing scoreLoop, double maxDiff,
        List<FeatureRun> features, (double Label, double Input, double Compute, int Rows, ulong Checksum) profile)
    {
        static string S(double seconds) => seconds >= 1 ? $"{seconds:0.00} s" : $"{seconds * 1e3:0.0} ms";
        double Rate(Timing t) => ScoreRows / t.Wall;
        var featureLines = string.Join("\n", features.Select(f =>
            $"| {f.Instruments} × {Sessions} | {f.Threads} | {f.Rows:#,0} | {S(f.Time.Wall)} | {S(f.Time.Cpu)} | {f.Rows / f.Time.Wall:#,0} | {f.Time.Wall * 1e3 / f.Rows:0.000} ms | {f.Time.Wall / features[0].Time.Wall:0.00}× |"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## ML: random forest training, logistic-regression scoring, feature building

            Seeded synthetic rows (Gaussian features, label drawn from a logistic model of five of them). Stopwatch, best wall
            time of 2–3 runs after a warm-up, CPU time of that run beside it ({HistoryLoadRunsInfo.Configuration}, the trainers
            single-threaded as the product runs them). Goals: random forest (100 trees) on 100,000 rows × 20 features under 30 s;
            logistic-regression scoring at least 1,000,000 rows/s. Machine: {machine}.

            | training on {Rows:#,0} rows × {Width} features | wall | CPU | ratio to logistic regression |
            |---|---:|---:|---:|
            | `RandomForestTrainer` (FastForest, 100 trees, 20 leaves, + Platt calibrator) | {S(rf.Wall)} | {S(rf.Cpu)} | {rf.Wall / lr.Wall:0.0}× |
            | `LogisticRegressionTrainer` (L-BFGS), same rows (baseline) | {S(lr.Wall)} | {S(lr.Cpu)} | 1.0× |
            | `MajorityClassTrainer`, same rows | {S(majority.Wall)} | {S(majority.Cpu)} | {majority.Wall / lr.Wall:0.000}× |

            | logistic-regression scoring, {ScoreRows:#,0} rows × {Width} features | wall | CPU | rows/s | ratio to the plain loop |
            |---|---:|---:|---:|---:|
            | `MlNetModel.PredictProbabilities` (the product's path: rows into an `IDataView`, ML.NET transform) | {S(scoreModel.Wall)} | {S(scoreModel.Cpu)} | {Rate(scoreModel):#,0} | {scoreModel.Wall / scoreLoop.Wall:0.0}× |
            | plain C# loop: the learned weights' dot product + the Platt sigmoid (baseline) | {S(scoreLoop.Wall)} | {S(scoreLoop.Cpu)} | {Rate(scoreLoop):#,0} | 1.0× |

            The two agree to {maxDiff:0.0e0} (largest probability difference over the {ScoreRows:#,0} rows).

            Feature building: `DatasetBuilder` with `DailyFeatures` (31 columns) and the default 5-session label over
            `SyntheticMarket` histories of {Sessions} sessions (rows = sessions with a label; `FeatureHistory` built beforehand, not timed).

            | instruments × sessions | threads | rows | wall | CPU | rows/s | per row | time vs the first line |
            |---|---:|---:|---:|---:|---:|---:|---:|
            {featureLines}

            Per row, the steps timed apart (one thread, {Instruments} × {Sessions}, {profile.Rows:#,0} rows): label {profile.Label:0.000} ms,
            input (`FeatureHistory.InputAt`) {profile.Input:0.000} ms, `DailyFeatures.Compute` {profile.Compute:0.000} ms. FNV-1a of every value's bits: `{profile.Checksum:x16}`.
            """);
    }
}
