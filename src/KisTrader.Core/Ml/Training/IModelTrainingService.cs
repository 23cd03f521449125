namespace KisTrader.Core.Ml.Training;

/// <summary>What to train: trainers <c>lr</c>, <c>rf</c>, <c>lgbm</c> or <c>all</c>; the window (null: the latest window the
/// history store holds, as configured); who asked and why ("weekly", "manual", "cli").</summary>
public sealed record TrainingRequest(string Models, DateOnly? From, DateOnly? To, string RequestedBy, string Trigger);

/// <summary>One step of a training run as it happens: the stage ("features", "walk-forward lr 2/4", "backtest", "registry",
/// "promotion", "done", "failed"), how far (done of total steps), a sentence for the page, and at the end the versions
/// registered and the promotion's verdict.</summary>
public sealed record TrainingProgress(
    string RunId,
    string Stage,
    int Done,
    int Total,
    string Message,
    DateTimeOffset At,
    bool Finished,
    string? Error = null,
    IReadOnlyList<int>? RegisteredVersions = null);

/// <summary>Runs training in the background, one run at a time (the weekly job and the Models page share it), and tells
/// listeners each step. Starting while a run is going is refused with a <see cref="Errors.TradingSystemException"/>
/// naming the run.</summary>
public interface IModelTrainingService
{
    /// <summary>The running or last finished run's latest step; null before any run since start-up.</summary>
    TrainingProgress? Current { get; }

    event Action<TrainingProgress>? Progress;

    /// <summary>Starts a run and returns its id at once; the run continues in the background.</summary>
    Task<string> StartAsync(TrainingRequest request, CancellationToken ct = default);

    /// <summary>Runs to the end and returns the last step (the weekly job and the command line wait for it).</summary>
    Task<TrainingProgress> RunAsync(TrainingRequest request, CancellationToken ct = default);
}
