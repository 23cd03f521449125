using KisTrader.Core.Backtesting;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Features;

namespace KisTrader.Core.Ml.Training;

/// <summary>One walk-forward test row's out-of-sample score: the probability the model of <see cref="Fold"/> (which never
/// trained on <see cref="Date"/>) gave it, at the close of <see cref="Date"/>, and the gate threshold of that fold.</summary>
public sealed record OutOfSampleScore(string Ticker, DateOnly Date, int Fold, double Probability, double Threshold)
{
    /// <summary>The probability rescaled piecewise-linearly so that the fold's threshold sits at
    /// <see cref="OutOfSampleProbabilities.GateAt"/> (0 and 1 stay): one fixed gate then applies each fold's own threshold.</summary>
    public decimal GateScore => Probability >= Threshold
        ? (decimal)(0.5 + 0.5 * (Threshold >= 1 ? 1 : (Probability - Threshold) / (1 - Threshold)))
        : (decimal)(0.5 * (Threshold <= 0 ? 0 : Probability / Threshold));
}

/// <summary>
/// The walk-forward's own out-of-sample predictions as a backtest's ML signal: each (ticker, session) of the test windows
/// scored by the fold model that did not see it, acted on as the live scorer's would be, after the close it was computed
/// at. A decision at time T sees the score of the last session whose close is at or before T (the previous session's at
/// the open and before the close); a decision with no such test row sees none. <see cref="ProbabilityAt"/> answers the
/// <see cref="OutOfSampleScore.GateScore"/>, so <c>MinMlProbability = </c><see cref="GateAt"/> applies each fold's threshold.
/// </summary>
public sealed class OutOfSampleProbabilities : IBacktestMlSignal
{
    /// <summary>The gate that applies each score's own threshold (see <see cref="OutOfSampleScore.GateScore"/>).</summary>
    public const decimal GateAt = 0.5m;

    private readonly Dictionary<string, (DateOnly[] Dates, OutOfSampleScore[] Scores)> _byTicker;

    private OutOfSampleProbabilities(IReadOnlyList<OutOfSampleScore> scores)
    {
        Scores = scores;
        _byTicker = scores.GroupBy(s => s.Ticker, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var sorted = g.OrderBy(s => s.Date).ToArray();
            return (sorted.Select(s => s.Date).ToArray(), sorted);
        }, StringComparer.Ordinal);
        FirstSession = scores.Min(s => s.Date);
        LastSession = scores.Max(s => s.Date);
    }

    public IReadOnlyList<OutOfSampleScore> Scores { get; }

    /// <summary>The first and last session scored (the test windows' union).</summary>
    public DateOnly FirstSession { get; }
    public DateOnly LastSession { get; }

    /// <summary>The test rows of every fold, scored by that fold's model, gated at <paramref name="foldThresholds"/>
    /// (one per fold, chosen on its validation rows) or at <paramref name="threshold"/> for all when given. Refuses
    /// (<see cref="LookAheadException"/>) a test row that is not after its fold's training and validation windows, and a
    /// (ticker, session) scored twice.</summary>
    public static OutOfSampleProbabilities From(WalkForwardResult result, IReadOnlyList<double> foldThresholds, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(foldThresholds);
        if (threshold is null && foldThresholds.Count != result.Folds.Count)
            throw new ArgumentException($"{foldThresholds.Count} thresholds for {result.Folds.Count} folds.", nameof(foldThresholds));
        if (threshold is { } t0 && (double.IsNaN(t0) || t0 < 0 || t0 > 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A probability threshold is in [0, 1].");
        var scores = new List<OutOfSampleScore>();
        var seen = new HashSet<(string, DateOnly)>();
        for (var k = 0; k < result.Folds.Count; k++)
        {
            var fold = result.Folds[k];
            var seenUntil = fold.Fold.ValidationTo is { } v && v > fold.Fold.TrainTo ? v : fold.Fold.TrainTo;
            for (var i = 0; i < fold.TestRows.Count; i++)
            {
                var row = result.Dataset.Rows[fold.TestRows[i]];
                if (row.Date <= seenUntil || row.Date < fold.Fold.TestFrom || row.Date > fold.Fold.TestTo)
                    throw new LookAheadException($"Fold {fold.Fold.Number} scored {row.Ticker} on {row.Date:yyyy-MM-dd}, inside what it trained or validated on (until {seenUntil:yyyy-MM-dd}) or outside its test window.");
                if (!seen.Add((row.Ticker, row.Date)))
                    throw new LookAheadException($"{row.Ticker} on {row.Date:yyyy-MM-dd} is scored by two folds.");
                scores.Add(new OutOfSampleScore(row.Ticker, row.Date, fold.Fold.Number, fold.TestProbabilities[i], threshold ?? foldThresholds[k]));
            }
        }
        if (scores.Count == 0) throw new ArgumentException("The walk-forward has no test rows.", nameof(result));
        return new OutOfSampleProbabilities(scores);
    }

    /// <summary>The score a decision at <paramref name="decisionTime"/> may use: the last test row of the ticker whose
    /// session closed at or before it; null when there is none.</summary>
    public OutOfSampleScore? ScoreAt(string ticker, DateTimeOffset decisionTime)
    {
        if (!_byTicker.TryGetValue(ticker, out var t)) return null;
        var day = KrxCalendar.KstDate(decisionTime);
        // The session of the decision itself counts only once its close has passed.
        var i = Array.BinarySearch(t.Dates, day);
        i = i >= 0 ? (KrxCalendar.CloseOn(day) <= decisionTime ? i : i - 1) : ~i - 1;
        return i >= 0 ? t.Scores[i] : null;
    }

    public decimal? ProbabilityAt(string ticker, DateTimeOffset decisionTime) => ScoreAt(ticker, decisionTime)?.GateScore;
}
