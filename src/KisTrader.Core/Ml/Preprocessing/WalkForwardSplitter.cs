using KisTrader.Core.Ml.Datasets;

namespace KisTrader.Core.Ml.Preprocessing;

/// <summary>One walk-forward fold: session ranges and the dataset rows (indices) in each window after purge and embargo.</summary>
public sealed record WalkForwardFold(
    int Number,
    DateOnly TrainFrom,
    DateOnly TrainTo,
    DateOnly? ValidationFrom,
    DateOnly? ValidationTo,
    DateOnly TestFrom,
    DateOnly TestTo,
    IReadOnlyList<int> Train,
    IReadOnlyList<int> Validation,
    IReadOnlyList<int> Test,
    int Purged)
{
    public override string ToString() =>
        $"fold {Number}: train {TrainFrom:yyyy-MM-dd}..{TrainTo:yyyy-MM-dd} ({Train.Count} rows, {Purged} purged)"
        + (ValidationFrom is { } vf ? $", validation {vf:yyyy-MM-dd}..{ValidationTo:yyyy-MM-dd} ({Validation.Count})" : "")
        + $", test {TestFrom:yyyy-MM-dd}..{TestTo:yyyy-MM-dd} ({Test.Count})";
}

/// <summary>Purged and embargoed walk-forward splits over the sessions of a dataset (López de Prado's purging and
/// embargo, applied to expanding or rolling walk-forward windows): no training or validation row's label may reach a
/// session of the window after it, and <see cref="WalkForwardOptions.EmbargoSessions"/> sessions separate the windows.</summary>
public static class WalkForwardSplitter
{
    public static IReadOnlyList<WalkForwardFold> Split(MlDataset dataset, WalkForwardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var o = options ?? new WalkForwardOptions();
        o.Validate();
        var sessions = dataset.Sessions;
        var m = sessions.Count;
        var before = o.EmbargoSessions + (o.ValidationSessions > 0 ? o.ValidationSessions + o.EmbargoSessions : 0);
        var testSessions = o.TestSessions > 0 ? o.TestSessions : (m - o.MinTrainSessions - before) / o.Folds;
        var firstTest = m - o.Folds * testSessions;
        if (testSessions < 1 || firstTest - before < o.MinTrainSessions)
            throw new ArgumentException(
                $"{m} sessions are too few for {o.Folds} folds of {Math.Max(testSessions, 1)} test sessions after {o.MinTrainSessions} training sessions"
                + $" ({(o.ValidationSessions > 0 ? $"{o.ValidationSessions} validation, " : "")}{o.EmbargoSessions} embargo).");

        var index = new Dictionary<DateOnly, int>();
        for (var i = 0; i < m; i++) index[sessions[i]] = i;
        var folds = new List<WalkForwardFold>();
        for (var k = 0; k < o.Folds; k++)
        {
            var testStart = firstTest + k * testSessions;
            var testEnd = k == o.Folds - 1 ? m - 1 : testStart + testSessions - 1;
            int? valStart = null, valEnd = null;
            var nextWindow = testStart;
            if (o.ValidationSessions > 0)
            {
                valEnd = testStart - o.EmbargoSessions - 1;
                valStart = valEnd - o.ValidationSessions + 1;
                nextWindow = valStart.Value;
            }
            var trainEnd = nextWindow - o.EmbargoSessions - 1;
            var trainStart = o.MaxTrainSessions > 0 ? Math.Max(0, trainEnd - o.MaxTrainSessions + 1) : 0;
            List<int> train = [], validation = [], test = [];
            var purged = 0;
            for (var r = 0; r < dataset.Rows.Count; r++)
            {
                var row = dataset.Rows[r];
                var s = index[row.Date];
                if (s >= trainStart && s <= trainEnd)
                {
                    // Purge: a label still open when the next window starts would carry that window's prices into training.
                    if (row.Label.ExitDate >= sessions[nextWindow]) purged++;
                    else train.Add(r);
                }
                else if (valStart is { } vs && s >= vs && s <= valEnd!.Value)
                {
                    if (row.Label.ExitDate >= sessions[testStart]) purged++;
                    else validation.Add(r);
                }
                else if (s >= testStart && s <= testEnd) test.Add(r);
            }
            folds.Add(new WalkForwardFold(k + 1, sessions[trainStart], sessions[trainEnd],
                valStart is { } a ? sessions[a] : null, valEnd is { } b ? sessions[b] : null,
                sessions[testStart], sessions[testEnd], train, validation, test, purged));
        }
        return folds;
    }
}
