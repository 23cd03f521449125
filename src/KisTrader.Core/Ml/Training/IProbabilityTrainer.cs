namespace KisTrader.Core.Ml.Training;

/// <summary>A learning algorithm: fits a model on training rows. Implementations are deterministic for a given seed
/// and data (same rows in the same order give the same model).</summary>
public interface IProbabilityTrainer
{
    /// <summary>Short name: "majority", "lr", "rf", "lgbm".</summary>
    string Name { get; }

    /// <summary>The hyper-parameters, as text the registry can store.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    IProbabilityModel Fit(TrainingData data, CancellationToken ct = default);
}

/// <summary>A fitted model: the probability that each row's label is positive.</summary>
public interface IProbabilityModel
{
    string Name { get; }

    /// <summary>One probability in [0, 1] per row; rows preprocessed as the training rows were.</summary>
    float[] PredictProbabilities(IReadOnlyList<float[]> rows);
}
