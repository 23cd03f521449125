using System.Text.Json;

namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>
/// What a sweep found. <see cref="Windows"/>: per window, the set chosen on the train period (best in-sample score) with
/// its in-sample and out-of-sample metrics, and every set's two scores. <see cref="WalkForward"/>: the chosen sets' test
/// periods chained into one out-of-sample result. <see cref="Ranking"/>: every set by its own chained out-of-sample
/// result (in-sample numbers are shown, never used to rank). Nothing in it depends on the wall clock or on the order
/// runs finished in, so the same inputs give the same bytes (<see cref="SweepJson"/>).
/// </summary>
public sealed record SweepReport(
    SweepSummary Summary,
    BacktestDataRange Data,
    IReadOnlyList<ParameterAxis> Parameters,
    IReadOnlyList<SweepWindowResult> Windows,
    BacktestMetrics WalkForward,
    IReadOnlyList<SweepRank> Ranking);

/// <summary>The sweep's inputs as plain values: the period, how it was split, the objective, the engine's request.</summary>
public sealed record SweepSummary(
    DateOnly From, DateOnly To, string Split, string Objective, int Sets, int Backtests, BacktestRequestSummary Request);

public sealed record SweepWindowResult(
    int Number, DateOnly TrainFrom, DateOnly TrainTo, DateOnly TestFrom, DateOnly TestTo,
    int ChosenSet, string ChosenLabel, BacktestMetrics InSample, BacktestMetrics OutOfSample, IReadOnlyList<SetScore> Scores);

/// <summary>One set's score on a window's train period (in-sample) and test period (out-of-sample).</summary>
public sealed record SetScore(int Set, double InSample, double OutOfSample);

/// <summary>One set's place: ranked by <see cref="OutOfSampleScore"/> (its test periods chained), ties by grid order.</summary>
public sealed record SweepRank(
    int Rank, int Set, string Label, IReadOnlyList<ParameterValue> Values, double OutOfSampleScore, double MeanInSampleScore,
    int TimesChosen, BacktestMetrics OutOfSample);

/// <summary>The one JSON form of a sweep report (the <c>--json</c> file and the determinism tests): the backtest
/// report's options, so equal reports are equal bytes.</summary>
public static class SweepJson
{
    public static byte[] SerializeToUtf8Bytes(SweepReport report) => JsonSerializer.SerializeToUtf8Bytes(report, BacktestJson.Options);

    public static SweepReport Deserialize(string json) =>
        JsonSerializer.Deserialize<SweepReport>(json, BacktestJson.Options) ?? throw new JsonException("The sweep report is empty.");
}
