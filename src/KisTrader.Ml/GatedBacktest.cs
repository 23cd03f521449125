using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Evaluation;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Core.Risk;

namespace KisTrader.Ml;

/// <summary>What the gated backtest holds fixed besides the bars: the rules engine and risk limits both runs share, the
/// costs and starting cash, and the gate (each fold's validation-chosen threshold, or one probability for all).</summary>
public sealed record GatedBacktestOptions
{
    public decimal InitialCash { get; init; } = 100_000_000m;
    /// <summary>The rules engine of both runs; its own <see cref="RulesEngineOptions.MinMlProbability"/> is replaced (the
    /// gate on one run, none on the other).</summary>
    public RulesEngineOptions Rules { get; init; } = new();
    public RiskLimits RiskLimits { get; init; } = new();
    public decimal CommissionRate { get; init; } = TradingCosts.DefaultCommissionRate;
    /// <summary>The probability a buy needs; null: each fold's threshold chosen on its validation rows.</summary>
    public double? Threshold { get; init; }
}

/// <summary>The gated backtest's outcome: the registry's summary, both reports, the rules engine's signal scored as a
/// classifier on the same test rows, and the out-of-sample scores the gate used.</summary>
public sealed record GatedBacktestOutcome(
    GatedBacktestResult Result,
    BacktestReport Gated,
    BacktestReport Ungated,
    RulesBaselineResult RulesBaseline,
    OutOfSampleProbabilities Scores);

/// <summary>
/// Money, not only F1: the rules engine's backtest with its entries gated by the model's signal, against the same backtest
/// without the gate: same instruments (those the model scored), bars, costs, limits, starting cash and sessions. Out of
/// sample: the final model trains on the whole window, so the gate uses the walk-forward's own test predictions instead
/// (<see cref="OutOfSampleProbabilities"/>: each session scored by the fold model that never saw it, acted on after the
/// close it was computed at). The backtest runs from the session after the first test session (the first decision a
/// test score can reach) to the session after the last one. The ungated run also scores the rules engine's "would buy"
/// on the test rows (<see cref="RulesSignalBaseline"/>).
/// </summary>
public static class GatedBacktest
{
    public static async Task<GatedBacktestOutcome> RunAsync(WalkForwardResult walkForward, IReadOnlyList<double> foldThresholds,
        IReadOnlyList<HistoryBar> rows, IEnumerable<BacktestInstrument>? instruments = null, GatedBacktestOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(walkForward);
        ArgumentNullException.ThrowIfNull(rows);
        var o = options ?? new GatedBacktestOptions();
        var scores = OutOfSampleProbabilities.From(walkForward, foldThresholds, o.Threshold);
        var tickers = scores.Scores.Select(s => s.Ticker).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var sessions = rows.Where(b => b.Resolution == BarResolution.Day && MarketIndexes.IsInstrumentCode(b.Ticker))
            .Select(b => b.Date).Distinct().Order().ToList();
        var from = sessions.FirstOrDefault(d => d > scores.FirstSession);
        if (from == default) throw new ArgumentException($"No session after the first test session {scores.FirstSession:yyyy-MM-dd} to act on its scores.", nameof(rows));
        var to = sessions.FirstOrDefault(d => d > scores.LastSession) is { } next && next != default ? next : scores.LastSession;

        var gated = new BacktestRequest
        {
            From = from,
            To = to,
            Tickers = tickers,
            InitialCash = o.InitialCash,
            RiskLimits = o.RiskLimits,
            CommissionRate = o.CommissionRate,
            RulesOptions = o.Rules with { MinMlProbability = OutOfSampleProbabilities.GateAt },
            MlSignal = scores,
        };
        // The same request but the gate: the probabilities stay in the analysis (nothing else reads them).
        var ungated = gated with { RulesOptions = o.Rules with { MinMlProbability = null } };
        var bars = BacktestBars.FromRows(rows, gated, instruments);
        var baseline = new RulesSignalBaseline(new RulesDecisionEngine(ungated.RulesOptions), scores);
        // The bars are read-only: both runs at once.
        var ungatedRun = Task.Run(() => new BacktestEngine(analyses: baseline.Observe).RunAsync(ungated, bars, ct: ct), ct);
        var gatedRun = Task.Run(() => new BacktestEngine().RunAsync(gated, bars, ct: ct), ct);
        var (g, u) = (await gatedRun.ConfigureAwait(false), await ungatedRun.ConfigureAwait(false));
        var result = new GatedBacktestResult
        {
            From = from,
            To = to,
            GatedReturn = g.Metrics.TotalReturn,
            UngatedReturn = u.Metrics.TotalReturn,
            GatedMaxDrawdown = g.Metrics.MaxDrawdown,
            UngatedMaxDrawdown = u.Metrics.MaxDrawdown,
            GatedSharpe = g.Metrics.Sharpe,
            UngatedSharpe = u.Metrics.Sharpe,
        };
        return new GatedBacktestOutcome(result, g, u, baseline.Evaluate([.. walkForward.TestPredictions.Select(p => p.Row)]), scores);
    }
}
