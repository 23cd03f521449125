namespace KisTrader.Core.Ml.Evaluation;

/// <summary>Checks shared by the metrics: labels in range, one probability per label, probabilities in [0, 1].
/// Bad input is a caller's bug, so it throws rather than produce a number.</summary>
internal static class EvaluationInput
{
    public static void Labels(IReadOnlyList<int> labels, int classes, string name = "labels")
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "at least two classes");
        for (var i = 0; i < labels.Count; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new ArgumentException($"{name}[{i}] is {labels[i]}: a class must be in 0..{classes - 1}", name);
    }

    public static void Probabilities(IReadOnlyList<int> labels, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != labels.Count)
            throw new ArgumentException($"{probabilities.Count} probabilities for {labels.Count} labels", nameof(probabilities));
        for (var i = 0; i < probabilities.Count; i++)
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
                throw new ArgumentException($"probabilities[{i}] is {probabilities[i]}: must be in [0, 1]", nameof(probabilities));
    }

    public static void ProbabilityRows(IReadOnlyList<int> labels, IReadOnlyList<double[]> rows, int classes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count != labels.Count) throw new ArgumentException($"{rows.Count} probability rows for {labels.Count} labels", nameof(rows));
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is null || rows[i].Length != classes)
                throw new ArgumentException($"probability row {i} must have {classes} values", nameof(rows));
            foreach (var p in rows[i])
                if (!(p >= 0 && p <= 1)) throw new ArgumentException($"probability row {i} has {p}: must be in [0, 1]", nameof(rows));
        }
    }

    /// <summary>Binary labels as booleans (1 = positive).</summary>
    public static bool[] Positives(IReadOnlyList<int> labels)
    {
        Labels(labels, 2);
        var result = new bool[labels.Count];
        for (var i = 0; i < result.Length; i++) result[i] = labels[i] == 1;
        return result;
    }
}
