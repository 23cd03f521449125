using KisTrader.Core.Errors;
using KisTrader.Core.Ml.Training;

namespace KisTrader.ComponentTests;

/// <summary>A training service the test drives: it records the requests, refuses a start while its run is going (as the
/// real one does), and the test pushes the steps, from any thread.</summary>
public sealed class FakeModelTraining : IModelTrainingService
{
    public List<TrainingRequest> Requests { get; } = [];
    public TrainingProgress? Current { get; private set; }
    public event Action<TrainingProgress>? Progress;

    /// <summary>When set, a start is refused with this message (a run this fake does not show is going).</summary>
    public string? RunningElsewhere { get; set; }

    public int Listeners => Progress?.GetInvocationList().Length ?? 0;

    public Task<string> StartAsync(TrainingRequest request, CancellationToken ct = default)
    {
        if (RunningElsewhere is { } message) throw new TradingSystemException(message);
        if (Current is { Finished: false } running)
            throw new TradingSystemException($"Training run {running.RunId} is already going ({running.Stage}): one run at a time.");
        Requests.Add(request);
        var id = $"run-{Requests.Count}";
        Push(new TrainingProgress(id, "features", 0, 4, "Computing features", DateTimeOffset.UnixEpoch, false));
        return Task.FromResult(id);
    }

    public Task<TrainingProgress> RunAsync(TrainingRequest request, CancellationToken ct = default) => throw new NotSupportedException();

    public void Push(TrainingProgress step)
    {
        Current = step;
        Progress?.Invoke(step);
    }
}
