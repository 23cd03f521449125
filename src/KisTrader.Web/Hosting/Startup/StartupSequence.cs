using System.Globalization;

namespace KisTrader.Web.Hosting.Startup;

/// <summary>
/// The app's start-up as one explicit list of named steps, run in the order given (plain C#, testable without a host).
/// Every step is logged with its duration ("start-up: reconciliation 120 ms"). A step whose dependency failed or was
/// skipped is skipped; a failed step either stops the app (<see cref="StartupFailure.StopApp"/>, only before the server
/// listens) or leaves it running degraded. Stopping takes down what the steps started, in the reverse order.
/// The composed list is <see cref="AppStartupSteps"/>; what each failure means is in docs/decisions.md.
/// </summary>
public sealed class StartupSequence
{
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, StartupStepResult> _results = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="clock">For durations only; the host's clock (an accelerated app clock would inflate them).</param>
    public StartupSequence(IEnumerable<StartupStep> steps, ILogger logger, TimeProvider? clock = null)
    {
        Steps = [.. steps];
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        Validate(Steps);
    }

    public IReadOnlyList<StartupStep> Steps { get; }

    /// <summary>The steps that have run so far, in the order of <see cref="Steps"/>.</summary>
    public IReadOnlyList<StartupStepResult> Results
    {
        get
        {
            lock (_gate) return [.. Steps.Where(s => _results.ContainsKey(s.Name)).Select(s => _results[s.Name])];
        }
    }

    /// <summary>True when every step has run and none failed or was skipped.</summary>
    public bool Complete
    {
        get
        {
            lock (_gate) return _results.Count == Steps.Count && _results.Values.All(r => r.State == StartupStepState.Succeeded);
        }
    }

    /// <summary>Runs the steps of <paramref name="phase"/> in order. Throws <see cref="StartupFailedException"/> when a
    /// step that stops the app failed (the steps after it do not run).</summary>
    public async Task RunAsync(StartupPhase phase, CancellationToken ct)
    {
        var started = _clock.GetTimestamp();
        foreach (var step in Steps.Where(s => s.Phase == phase))
        {
            ct.ThrowIfCancellationRequested();
            if (MissingDependency(step) is { } missing)
            {
                var reason = $"{missing.Name} {(missing.State == StartupStepState.Failed ? "failed" : "was skipped")}";
                Record(new StartupStepResult(step.Name, StartupStepState.Skipped, TimeSpan.Zero, reason));
                _logger.LogError("start-up: {Step} skipped because {Reason}{Consequence}", step.Name, reason, ConsequenceText(step));
                continue;
            }
            var stepStarted = _clock.GetTimestamp();
            try
            {
                await step.Run(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var failedAfter = _clock.GetElapsedTime(stepStarted);
                Record(new StartupStepResult(step.Name, StartupStepState.Failed, failedAfter, ex.Message));
                if (step.OnFailure == StartupFailure.StopApp)
                {
                    _logger.LogCritical("start-up: {Step} failed after {Milliseconds} ms, the app does not start: {Error}",
                        step.Name, Milliseconds(failedAfter), ex.Message);
                    throw new StartupFailedException(step.Name, ex);
                }
                _logger.LogError("start-up: {Step} failed after {Milliseconds} ms, the app runs without it{Consequence}: {Error}",
                    step.Name, Milliseconds(failedAfter), ConsequenceText(step), ex.Message);
                continue;
            }
            var took = _clock.GetElapsedTime(stepStarted);
            Record(new StartupStepResult(step.Name, StartupStepState.Succeeded, took, null));
            _logger.LogInformation("start-up: {Step} {Milliseconds} ms", step.Name, Milliseconds(took));
        }
        var problems = Results.Where(r => r.State != StartupStepState.Succeeded).Select(r => r.Name).ToList();
        if (problems.Count == 0)
            _logger.LogInformation("start-up: {Phase} in {Milliseconds} ms", PhaseText(phase), Milliseconds(_clock.GetElapsedTime(started)));
        else
            _logger.LogWarning("start-up: {Phase} in {Milliseconds} ms, degraded (not running: {Steps})",
                PhaseText(phase), Milliseconds(_clock.GetElapsedTime(started)), string.Join(", ", problems));
    }

    /// <summary>Stops what the succeeded steps started, last step first. A failing stop is logged and the rest still stop.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        foreach (var step in Steps.Reverse())
        {
            if (step.Stop is null) continue;
            lock (_gate)
                if (!_results.TryGetValue(step.Name, out var r) || r.State != StartupStepState.Succeeded) continue;
            try
            {
                await step.Stop(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError("stopping: {Step} failed: {Error}", step.Name, ex.Message);
            }
        }
    }

    private StartupStepResult? MissingDependency(StartupStep step)
    {
        lock (_gate)
            return step.DependsOn.Select(d => _results.GetValueOrDefault(d)).FirstOrDefault(r => r is null || r.State != StartupStepState.Succeeded);
    }

    private void Record(StartupStepResult result)
    {
        lock (_gate) _results[result.Name] = result;
    }

    private static string ConsequenceText(StartupStep step) => step.Consequence is { Length: > 0 } c ? $" ({c})" : "";

    private static string PhaseText(StartupPhase phase) => phase == StartupPhase.BeforeListening ? "ready to listen" : "complete";

    private static string Milliseconds(TimeSpan t) => Math.Round(t.TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Names are unique; a dependency names an earlier step; steps that run once the app has started come after
    /// those that run before it listens; only a step before the server listens can stop the app.</summary>
    private static void Validate(IReadOnlyList<StartupStep> steps)
    {
        var seen = new Dictionary<string, StartupStep>(StringComparer.Ordinal);
        var afterStarted = false;
        foreach (var step in steps)
        {
            if (string.IsNullOrWhiteSpace(step.Name)) throw new ArgumentException("A start-up step needs a name.", nameof(steps));
            if (seen.ContainsKey(step.Name)) throw new ArgumentException($"Two start-up steps are named '{step.Name}'.", nameof(steps));
            foreach (var d in step.DependsOn)
                if (!seen.ContainsKey(d))
                    throw new ArgumentException($"Start-up step '{step.Name}' depends on '{d}', which is not an earlier step.", nameof(steps));
            if (step.Phase == StartupPhase.AfterStarted) afterStarted = true;
            else if (afterStarted)
                throw new ArgumentException($"Start-up step '{step.Name}' runs before the server listens but comes after a step that runs once it has started.", nameof(steps));
            if (step.OnFailure == StartupFailure.StopApp && step.Phase != StartupPhase.BeforeListening)
                throw new ArgumentException($"Start-up step '{step.Name}' can stop the app only if it runs before the server listens.", nameof(steps));
            seen.Add(step.Name, step);
        }
    }
}
