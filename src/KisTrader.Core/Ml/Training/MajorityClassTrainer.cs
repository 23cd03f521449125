namespace KisTrader.Core.Ml.Training;

/// <summary>The baseline every model must beat: always the training window's (unweighted) positive share, so at the 0.5
/// threshold it predicts the majority class for every row.</summary>
public sealed class MajorityClassTrainer : IProbabilityTrainer
{
    public string Name => "majority";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var share = (float)data.Labels.Count(l => l) / data.Count;
        return new Constant(share);
    }

    private sealed class Constant(float probability) : IProbabilityModel
    {
        public string Name => "majority";

        public float[] PredictProbabilities(IReadOnlyList<float[]> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            var result = new float[rows.Count];
            Array.Fill(result, probability);
            return result;
        }
    }
}
