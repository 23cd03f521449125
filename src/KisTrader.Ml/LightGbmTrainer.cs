using System.Globalization;
using KisTrader.Core.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace KisTrader.Ml;

/// <summary>Gradient-boosted trees (ML.NET <c>LightGbm</c>), deterministic mode, one thread. Probabilities are its
/// sigmoid of the boosted score.</summary>
public sealed class LightGbmTrainer(int seed = TrainerDefaults.Seed, int iterations = 100, int leaves = 15, double learningRate = 0.05,
    int minimumLeafCount = 20) : IProbabilityTrainer
{
    public string Name => "lgbm";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["algorithm"] = "LightGbm",
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["iterations"] = iterations.ToString(CultureInfo.InvariantCulture),
        ["leaves"] = leaves.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = learningRate.ToString(CultureInfo.InvariantCulture),
        ["minimum_leaf_count"] = minimumLeafCount.ToString(CultureInfo.InvariantCulture),
    };

    public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ml = new MLContext(seed);
        var view = MlNetData.Load(ml, data.Features, data.Labels, data.Weights, data.Schema.Count);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = MlNetData.Label,
            FeatureColumnName = MlNetData.Features,
            ExampleWeightColumnName = MlNetData.Weight,
            NumberOfIterations = iterations,
            NumberOfLeaves = leaves,
            LearningRate = learningRate,
            MinimumExampleCountPerLeaf = minimumLeafCount,
            Seed = seed,
            Deterministic = true,
            NumberOfThreads = 1,
            Silent = true,
        });
        ct.ThrowIfCancellationRequested();
        return new MlNetModel(Name, ml, trainer.Fit(view), data.Schema.Count);
    }
}
