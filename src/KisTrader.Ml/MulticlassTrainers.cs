using System.Globalization;
using KisTrader.Core.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace KisTrader.Ml;

/// <summary>The three-class trainers by the command line's names, the counterparts of <see cref="TrainerDefaults"/>:
/// lr = L-BFGS maximum entropy (multinomial logistic regression), rf = one-versus-all FastForest (each calibrated by
/// Platt, the three probabilities normalised), lgbm = LightGBM's multiclass objective. Single-threaded, seed 17.</summary>
public static class MulticlassTrainers
{
    public static IMulticlassTrainer Create(string name, int seed = TrainerDefaults.Seed) => name switch
    {
        "lr" => new MlNetMulticlassTrainer("lr", seed, new Dictionary<string, string> { ["algorithm"] = "LbfgsMaximumEntropy", ["l2"] = "1" },
            ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = MulticlassData.Label,
                FeatureColumnName = MulticlassData.Features,
                ExampleWeightColumnName = MulticlassData.Weight,
                L2Regularization = 1f,
                NumberOfThreads = 1,
            })),
        "rf" => new MlNetMulticlassTrainer("rf", seed, new Dictionary<string, string> { ["algorithm"] = "OneVersusAll(FastForest+Platt)", ["trees"] = "100", ["leaves"] = "20", ["minimum_leaf_count"] = "20" },
            ml => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                FeatureColumnName = MulticlassData.Features,
                ExampleWeightColumnName = MulticlassData.Weight,
                NumberOfTrees = 100,
                NumberOfLeaves = 20,
                MinimumExampleCountPerLeaf = 20,
                Seed = seed,
                FeatureSelectionSeed = seed,
                NumberOfThreads = 1,
            }), labelColumnName: MulticlassData.Label, useProbabilities: true)),
        "lgbm" => new MlNetMulticlassTrainer("lgbm", seed, new Dictionary<string, string> { ["algorithm"] = "LightGbmMulticlass", ["iterations"] = "100", ["leaves"] = "15", ["learning_rate"] = "0.05" },
            ml => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = MulticlassData.Label,
                FeatureColumnName = MulticlassData.Features,
                ExampleWeightColumnName = MulticlassData.Weight,
                NumberOfIterations = 100,
                NumberOfLeaves = 15,
                LearningRate = 0.05,
                MinimumExampleCountPerLeaf = 20,
                Seed = seed,
                Deterministic = true,
                NumberOfThreads = 1,
                Silent = true,
            })),
        "majority" => new MajorityMulticlassTrainer(),
        _ => throw new ArgumentException($"Unknown trainer '{name}': use lr, rf, lgbm or majority.", nameof(name)),
    };
}

/// <summary>Three-class rows as ML.NET reads them: the label is the class index (a plain number), mapped to ML.NET's key
/// by value (<c>KeyOrdinality.ByValue</c>), so the Score slots come out in class index order whatever the order
/// the classes first appear in.</summary>
internal static class MulticlassData
{
    public const string Features = nameof(Row.Features);
    public const string Label = nameof(Row.Label);
    public const string Weight = nameof(Row.Weight);
    public const string Score = "Score";

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
        public uint Label { get; set; }
        public float Weight { get; set; }
    }

    public static IDataView Load(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<int>? labels, IReadOnlyList<float>? weights, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var rows = features.Select((f, i) => new Row { Features = f, Label = (uint)(labels?[i] ?? 0), Weight = weights?[i] ?? 1f });
        return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }
}

internal sealed class MlNetMulticlassTrainer(string name, int seed, Dictionary<string, string> parameters,
    Func<MLContext, IEstimator<ITransformer>> estimator) : IMulticlassTrainer
{
    public string Name => name;

    public IReadOnlyDictionary<string, string> Parameters { get; } =
        new Dictionary<string, string>(parameters) { ["seed"] = seed.ToString(CultureInfo.InvariantCulture) };

    public IMulticlassModel Fit(MulticlassTrainingData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ml = new MLContext(seed);
        var counts = data.Counts();
        if (counts.Any(c => c == 0))
            throw new ArgumentException($"Every class must occur in the training rows (counts {string.Join(", ", counts)}).", nameof(data));
        var view = MulticlassData.Load(ml, data.Features, data.Labels, data.Weights, data.Schema.Count);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(MulticlassData.Label, MulticlassData.Label, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(estimator(ml));
        ct.ThrowIfCancellationRequested();
        return new MlNetMulticlassModel(name, ml, pipeline.Fit(view), data.Schema.Count, data.Classes);
    }
}

/// <summary>A fitted ML.NET three-class pipeline: its Score column holds one probability per class.</summary>
public sealed class MlNetMulticlassModel : IMulticlassModel
{
    private readonly MLContext _ml;

    internal MlNetMulticlassModel(string name, MLContext ml, ITransformer transformer, int width, int classes)
    {
        Name = name;
        _ml = ml;
        Transformer = transformer;
        Width = width;
        Classes = classes;
    }

    public string Name { get; }
    public int Width { get; }
    public int Classes { get; }
    public ITransformer Transformer { get; }

    public double[][] PredictProbabilities(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        foreach (var r in rows)
            if (r.Length != Width) throw new ArgumentException($"A row has {r.Length} values; the model was trained on {Width}.", nameof(rows));
        var scored = Transformer.Transform(MulticlassData.Load(_ml, rows, null, null, Width));
        var result = new double[rows.Count][];
        var i = 0;
        foreach (var score in scored.GetColumn<VBuffer<float>>(MulticlassData.Score))
        {
            var p = score.DenseValues().Select(v => (double)v).ToArray();
            if (p.Length != Classes) throw new InvalidDataException($"{Name} gave {p.Length} class scores, not {Classes}.");
            // Softmax outputs sum to 1 already; one-versus-all's calibrated probabilities are normalised here.
            var sum = p.Sum();
            if (sum > 0)
                for (var k = 0; k < p.Length; k++) p[k] /= sum;
            result[i++] = p;
        }
        return result;
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _ml.Model.Save(Transformer, MulticlassData.Load(_ml, [], null, null, Width).Schema, stream);
    }
}
