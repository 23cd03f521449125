using System.Globalization;
using KisTrader.Core.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace KisTrader.Ml;

/// <summary>Random forest (ML.NET <c>FastForest</c>). Its raw score is not a probability, so a Platt calibrator fitted on
/// the training rows follows it.</summary>
public sealed class RandomForestTrainer(int seed = TrainerDefaults.Seed, int trees = 100, int leaves = 20, int minimumLeafCount = 20) : IProbabilityTrainer
{
    public string Name => "rf";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["algorithm"] = "FastForest+Platt",
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["trees"] = trees.ToString(CultureInfo.InvariantCulture),
        ["leaves"] = leaves.ToString(CultureInfo.InvariantCulture),
        ["minimum_leaf_count"] = minimumLeafCount.ToString(CultureInfo.InvariantCulture),
    };

    public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ml = new MLContext(seed);
        var view = MlNetData.Load(ml, data.Features, data.Labels, data.Weights, data.Schema.Count);
        var forest = ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
        {
            LabelColumnName = MlNetData.Label,
            FeatureColumnName = MlNetData.Features,
            ExampleWeightColumnName = MlNetData.Weight,
            NumberOfTrees = trees,
            NumberOfLeaves = leaves,
            MinimumExampleCountPerLeaf = minimumLeafCount,
            Seed = seed,
            FeatureSelectionSeed = seed,
            // One thread: tree building order (and so the forest) must not depend on scheduling.
            NumberOfThreads = 1,
        });
        var pipeline = forest.Append(ml.BinaryClassification.Calibrators.Platt(MlNetData.Label));
        ct.ThrowIfCancellationRequested();
        return new MlNetModel(Name, ml, pipeline.Fit(view), data.Schema.Count);
    }
}
