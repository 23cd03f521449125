using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Training;

namespace KisTrader.Core.Ml.Evaluation;

/// <summary>The rules engine's signal as a baseline classifier: on the walk-forward test rows, "a buy rule fires"
/// (<see cref="RulesDecisionEngine.WouldBuy"/>) as the prediction of the label. It observes the analyses the backtest's
/// rules engine decided on; each is matched to the test row it acts on by the same point-in-time rule as the ML score
/// (<see cref="OutOfSampleProbabilities.ScoreAt"/>: the row of the last close before the decision), so both classifiers
/// answer the same question about the same rows.</summary>
public sealed class RulesSignalBaseline(RulesDecisionEngine engine, OutOfSampleProbabilities rows)
{
    private readonly Dictionary<(string Ticker, DateOnly Date), bool> _wouldBuy = [];

    /// <summary>For <see cref="Backtesting.BacktestEngine"/>'s analysis observer.</summary>
    public void Observe(MarketAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.Stale) return; // the engine holds on a stale analysis: no signal
        foreach (var t in analysis.Tickers)
        {
            if (rows.ScoreAt(t.Ticker, analysis.TakenAt) is not { } row) continue;
            var key = (t.Ticker, row.Date);
            // Two decisions a session (open and before the close) act on the same row: either firing is a buy signal.
            _wouldBuy[key] = _wouldBuy.GetValueOrDefault(key) || engine.WouldBuy(t);
        }
    }

    /// <summary>Precision, recall and F1 over <paramref name="testRows"/>; a row no observed decision acted on (its next
    /// session outside the backtest) counts as "no buy" and is counted in <see cref="RulesBaselineResult.Unobserved"/>.</summary>
    public RulesBaselineResult Evaluate(IReadOnlyList<MlRow> testRows)
    {
        ArgumentNullException.ThrowIfNull(testRows);
        var labels = new int[testRows.Count];
        var predictions = new int[testRows.Count];
        var unobserved = 0;
        for (var i = 0; i < testRows.Count; i++)
        {
            labels[i] = testRows[i].Label.Positive ? 1 : 0;
            if (_wouldBuy.TryGetValue((testRows[i].Ticker, testRows[i].Date), out var buy)) predictions[i] = buy ? 1 : 0;
            else unobserved++;
        }
        return new RulesBaselineResult(ClassificationMetrics.Compute(labels, predictions, BinaryEvaluation.Classes), unobserved);
    }
}

/// <summary>The rules baseline's metrics on the test rows and how many rows no decision acted on.</summary>
public sealed record RulesBaselineResult(ClassificationMetrics Metrics, int Unobserved);
