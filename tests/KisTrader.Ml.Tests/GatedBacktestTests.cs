using System.Text.Json;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

/// <summary>Money, not only F1: the model's out-of-sample signal gates the rules engine's entries in a backtest, against
/// the same backtest without the gate. The numbers are printed (dotnet test --logger "console;verbosity=detailed").</summary>
[Collection(SyntheticCollection.Name)]
public sealed class GatedBacktestTests(SyntheticDatasets data, ITestOutputHelper output)
{
    private static readonly LabelSpec Spec = new();

    private (SignalTrainingResult Training, GatedBacktestOutcome Gated) Run(MlDataset dataset, IReadOnlyList<HistoryBar> rows,
        Core.Ml.Training.IProbabilityTrainer trainer, string name)
    {
        var walk = System.Diagnostics.Stopwatch.StartNew();
        var training = SignalTraining.Run(dataset, trainer, new TrainingWindow(dataset.Sessions[0], dataset.Sessions[^1]), Spec,
            SignalTraining.Windows(dataset.Sessions.Count, Spec));
        walk.Stop();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var gated = GatedBacktest.RunAsync(training.WalkForward!, training.FoldThresholds, rows).GetAwaiter().GetResult();
        var r = gated.Result;
        var rules = gated.RulesBaseline.Metrics.Positive;
        output.WriteLine($"{name}, {trainer.Name}: gated {r.GatedReturn:P2} (max drawdown {r.GatedMaxDrawdown:P2}, Sharpe {r.GatedSharpe:F2}, {gated.Gated.Fills.Count} fills)"
            + $" vs ungated {r.UngatedReturn:P2} (max drawdown {r.UngatedMaxDrawdown:P2}, {gated.Ungated.Fills.Count} fills): excess {r.Excess:P2}, {r.From:yyyy-MM-dd}..{r.To:yyyy-MM-dd}; both backtests {clock.Elapsed.TotalSeconds:F1} s beside {walk.Elapsed.TotalSeconds:F1} s of walk-forward and final training");
        output.WriteLine($"{name}: model F1 {training.Test.Positive.F1:F3}, rules baseline P {rules.Precision:F3} R {rules.Recall:F3} F1 {rules.F1:F3} ({gated.RulesBaseline.Unobserved} rows unobserved), majority F1 {training.Baseline.Positive.F1:F3}");
        return (training, gated);
    }

    [Theory]
    [MemberData(nameof(TrainerAcceptanceTests.Learners), MemberType = typeof(TrainerAcceptanceTests))]
    public void A_model_that_found_the_planted_pattern_gates_the_rules_engine_to_a_better_out_of_sample_return(string name)
    {
        var (training, gated) = Run(data.Pattern, data.PatternRows, TrainerDefaults.Create(name), "pattern");

        Assert.True(gated.Result.Excess > 0, $"excess {gated.Result.Excess:P2}");
        // Same instruments, sessions and cash on both sides; the gate only removes entries.
        Assert.Equal(JsonSerializer.Serialize(gated.Ungated.Request), JsonSerializer.Serialize(gated.Gated.Request));
        Assert.Equal(gated.Ungated.Metrics.Sessions, gated.Gated.Metrics.Sessions);
        Assert.True(gated.Gated.Orders.Count(o => o.Side == Side.Buy) < gated.Ungated.Orders.Count(o => o.Side == Side.Buy));
        Assert.All(gated.Gated.Orders.Where(o => o.Side == Side.Buy), o => Assert.Contains("ML signal", o.Justification, StringComparison.Ordinal));
        // The backtest spans the test windows: from the first session a test score can act on to the one after the last.
        var folds = training.WalkForward!.Folds;
        Assert.True(gated.Result.From > folds[0].Fold.TestFrom && gated.Result.To > folds[^1].Fold.TestTo);
        // The rules engine's signal, scored on the same test rows (every one acted on by a decision), fires on some.
        Assert.Equal(training.Test.Confusion.Total, gated.RulesBaseline.Metrics.Confusion.Total);
        Assert.Equal(0, gated.RulesBaseline.Unobserved);
        Assert.True(gated.RulesBaseline.Metrics.Positive.Recall > 0);
    }

    [Theory]
    [MemberData(nameof(TrainerAcceptanceTests.Learners), MemberType = typeof(TrainerAcceptanceTests))]
    public void Without_a_pattern_the_gate_claims_no_meaningful_gain_and_promotion_refuses_it_with_the_reason(string name)
    {
        var (training, gated) = Run(data.NoPattern, data.NoPatternRows, TrainerDefaults.Create(name), "no pattern");

        Assert.True(gated.Result.Excess < 0.02, $"excess {gated.Result.Excess:P2} on a history where nothing predicts the future");
        var candidate = training.Version with { Backtest = gated.Result };
        var margin = new PromotionOptions { MinF1Gain = 0, MinBacktestExcessGain = Math.Max(gated.Result.Excess, 0) + 0.005 };
        var verdict = PromotionPolicy.Decide(candidate, null, margin);
        output.WriteLine(string.Join("; ", verdict.Reasons.Select(r => $"{r.Code}: {r.Text}")));
        var refusal = Assert.Single(verdict.Reasons, r => r.Code == PromotionRefusalCode.BacktestBelowMargin);
        Assert.Contains("gated backtest adds", refusal.Text, StringComparison.Ordinal);
        Assert.False(verdict.Promote);
    }

    [Fact]
    public void The_promotion_policy_sees_the_gated_backtest_of_a_model_with_skill()
    {
        var (training, gated) = Run(data.Pattern, data.PatternRows, TrainerDefaults.Create("lr"), "pattern");
        var candidate = training.Version with { Backtest = gated.Result };

        var verdict = PromotionPolicy.Decide(candidate, null, new PromotionOptions { MinBacktestExcessGain = 0.005 });
        Assert.DoesNotContain(verdict.Reasons, r => r.Code is PromotionRefusalCode.NoGatedBacktest or PromotionRefusalCode.BacktestBelowMargin);
        // A margin above what the gate added refuses it, naming the numbers.
        var strict = PromotionPolicy.Decide(candidate, null, new PromotionOptions { MinBacktestExcessGain = gated.Result.Excess + 0.01 });
        var refusal = Assert.Single(strict.Reasons, r => r.Code == PromotionRefusalCode.BacktestBelowMargin);
        output.WriteLine(refusal.Text);
        Assert.False(strict.Promote);
    }

    [Fact]
    public void No_fold_model_is_ever_asked_about_a_session_it_trained_on()
    {
        var spy = new NoReplayTrainer(TrainerDefaults.Create("lr"));
        // The spy's own check can fail: a fold model asked about its training rows throws.
        var fold = Core.Ml.Preprocessing.WalkForwardSplitter.Split(data.Pattern, SignalTraining.Windows(data.Pattern.Sessions.Count, Spec))[0];
        var pre = Core.Ml.Preprocessing.Preprocessor.Fit(data.Pattern.Schema, [.. fold.Train.Select(r => data.Pattern.Rows[r].Features)]);
        var (x, _) = pre.Transform([.. fold.Train.Select(r => data.Pattern.Rows[r].Features)]);
        var model = spy.Fit(new TrainingData(data.Pattern.Schema, x, [.. fold.Train.Select(r => data.Pattern.Rows[r].Label.Positive)]));
        Assert.Throws<LookAheadException>(() => model.PredictProbabilities([x[^1]]));

        // The whole pipeline (walk-forward, gated backtest) with the spy: no fold model is asked about its own rows.
        var (training, gated) = Run(data.Pattern, data.PatternRows, spy, "pattern (spy)");
        Assert.True(spy.Predictions > 0);
        foreach (var score in gated.Scores.Scores)
        {
            var f = training.WalkForward!.Folds[score.Fold - 1].Fold;
            Assert.True(score.Date > f.TrainTo && score.Date > (f.ValidationTo ?? f.TrainTo) && score.Date >= f.TestFrom, $"{score} vs {f}");
        }
        // And a walk-forward whose fold claims its training rows as test rows is refused.
        var wf = training.WalkForward!;
        var first = wf.Folds[0];
        var leaking = first with { TestRows = [.. first.Fold.Train.Take(first.TestRows.Count)] };
        var ex = Assert.Throws<LookAheadException>(() => OutOfSampleProbabilities.From(wf with { Folds = [leaking, .. wf.Folds.Skip(1)] }, training.FoldThresholds));
        output.WriteLine(ex.Message);
    }

    [Fact]
    public void A_decision_sees_the_score_of_the_last_close_before_it_never_its_own_sessions()
    {
        var (training, _) = Run(data.Pattern, data.PatternRows, TrainerDefaults.Create("lr"), "pattern");
        var scores = OutOfSampleProbabilities.From(training.WalkForward!, training.FoldThresholds);
        var ticker = scores.Scores[0].Ticker;
        var mine = scores.Scores.Where(s => s.Ticker == ticker).OrderBy(s => s.Date).ToList();
        var (d1, d2) = (mine[10].Date, mine[11].Date);
        var open = new DateTimeOffset(d2.ToDateTime(new TimeOnly(9, 0)), KoreaTime.Offset);
        var beforeClose = new DateTimeOffset(d2.ToDateTime(new TimeOnly(15, 0)), KoreaTime.Offset);
        Assert.Equal(d1, scores.ScoreAt(ticker, open)!.Date);
        Assert.Equal(d1, scores.ScoreAt(ticker, beforeClose)!.Date);
        Assert.Equal(d2, scores.ScoreAt(ticker, KrxCalendar.CloseOn(d2))!.Date);
        // Before the first test session closed there is nothing to act on.
        Assert.Null(scores.ScoreAt(ticker, KrxCalendar.CloseOn(mine[0].Date).AddTicks(-1)));
        // The gate score keeps the fold's threshold at 0.5.
        Assert.All(scores.Scores, s => Assert.Equal(s.Probability >= s.Threshold, s.GateScore >= OutOfSampleProbabilities.GateAt));
    }

    [Fact]
    public async Task With_a_gate_of_zero_the_gated_and_ungated_backtests_are_the_same_but_for_the_orders_naming_the_signal()
    {
        var tickers = data.PatternRows.Where(b => MarketIndexes.IsInstrumentCode(b.Ticker)).Select(b => b.Ticker).Distinct().Order(StringComparer.Ordinal).Take(8).ToList();
        var days = SyntheticMarket.TradingDays(SyntheticDatasets.Sessions);
        var ungated = new BacktestRequest { From = days[400], To = days[^1], Tickers = tickers };
        var gated = ungated with { RulesOptions = new RulesEngineOptions { MinMlProbability = 0m }, MlSignal = new Constant(0.3m) };
        var bars = BacktestBars.FromRows(data.PatternRows, ungated);

        var a = await new BacktestEngine().RunAsync(ungated, bars);
        var b = await new BacktestEngine().RunAsync(gated, bars);

        Assert.NotEmpty(a.Orders);
        const string Gate = " ML signal 0.3 ≥ 0.";
        Assert.All(b.Orders.Where(o => o.Side == Side.Buy), o => Assert.Contains(Gate, o.Justification, StringComparison.Ordinal));
        static BacktestReport Plain(BacktestReport r) => r with { Orders = [.. r.Orders.Select(o => o with { Justification = o.Justification?.Replace(Gate, "", StringComparison.Ordinal) })] };
        Assert.Equal(BacktestJson.Serialize(Plain(a)), BacktestJson.Serialize(Plain(b)));
        Assert.NotEqual(BacktestJson.Serialize(a), BacktestJson.Serialize(b));
    }

    private sealed class Constant(decimal p) : IBacktestMlSignal
    {
        public decimal? ProbabilityAt(string ticker, DateTimeOffset decisionTime) => p;
    }

    /// <summary>A trainer whose models refuse to score a row they were trained on (the same preprocessed values).</summary>
    private sealed class NoReplayTrainer(IProbabilityTrainer inner) : IProbabilityTrainer
    {
        public int Predictions;
        public string Name => inner.Name;
        public IReadOnlyDictionary<string, string> Parameters => inner.Parameters;

        public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default) =>
            new Model(inner.Fit(data, ct), [.. data.Features.Select(Key)], this);

        private static string Key(float[] row) => Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));

        private sealed class Model(IProbabilityModel inner, HashSet<string> trained, NoReplayTrainer owner) : IProbabilityModel
        {
            public string Name => inner.Name;

            public float[] PredictProbabilities(IReadOnlyList<float[]> rows)
            {
                if (rows.FirstOrDefault(r => trained.Contains(Key(r))) is not null)
                    throw new LookAheadException("A fold model was asked about a row it trained on.");
                Interlocked.Add(ref owner.Predictions, rows.Count);
                return inner.PredictProbabilities(rows);
            }
        }
    }
}
