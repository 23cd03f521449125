using System.Globalization;
using KisTrader.Core.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace KisTrader.Ml;

/// <summary>L-BFGS logistic regression (ML.NET <c>LbfgsLogisticRegression</c>), single-threaded so the result does not
/// depend on scheduling. Its probabilities are the model's own sigmoid.</summary>
public sealed class LogisticRegressionTrainer(int seed = TrainerDefaults.Seed, float l2 = 1f, float l1 = 0f) : IProbabilityTrainer
{
    public string Name => "lr";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>
    {
        ["algorithm"] = "LbfgsLogisticRegression",
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["l2"] = l2.ToString(CultureInfo.InvariantCulture),
        ["l1"] = l1.ToString(CultureInfo.InvariantCulture),
    };

    public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ml = new MLContext(seed);
        var view = MlNetData.Load(ml, data.Features, data.Labels, data.Weights, data.Schema.Count);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = MlNetData.Label,
            FeatureColumnName = MlNetData.Features,
            ExampleWeightColumnName = MlNetData.Weight,
            L2Regularization = l2,
            L1Regularization = l1,
            NumberOfThreads = 1,
        });
        ct.ThrowIfCancellationRequested();
        return new MlNetModel(Name, ml, trainer.Fit(view), data.Schema.Count);
    }
}
