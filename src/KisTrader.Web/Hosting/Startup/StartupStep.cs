namespace KisTrader.Web.Hosting.Startup;

/// <summary>What a failed step means for the app.</summary>
public enum StartupFailure
{
    /// <summary>The app does not start (it exits with the step's error): running without it would be unsafe or useless.</summary>
    StopApp,

    /// <summary>The app runs without this step and without every step that depends on it; the log says what is missing.</summary>
    RunDegraded,
}

/// <summary>When a step runs: before the web server accepts requests, or once the app has started (off the path to a
/// healthy /healthz).</summary>
public enum StartupPhase
{
    BeforeListening,
    AfterStarted,
}

/// <summary>One named step of the start-up sequence. <see cref="Run"/> brings something up (and may leave it running);
/// <see cref="Stop"/>, when given, takes it down again when the app stops (in the reverse order of the steps).</summary>
public sealed record StartupStep(string Name, Func<CancellationToken, Task> Run)
{
    /// <summary>Earlier steps this one needs: when one of them failed or was skipped, this one is skipped.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public StartupFailure OnFailure { get; init; } = StartupFailure.RunDegraded;

    public StartupPhase Phase { get; init; } = StartupPhase.BeforeListening;

    /// <summary>What the app lacks when this step fails or is skipped, for the log ("no job runs on its schedule").</summary>
    public string? Consequence { get; init; }

    public Func<CancellationToken, Task>? Stop { get; init; }
}

public enum StartupStepState
{
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>How a step went: its duration (zero when skipped) and, when it failed or was skipped, why.</summary>
public sealed record StartupStepResult(string Name, StartupStepState State, TimeSpan Duration, string? Reason);

/// <summary>A step whose failure stops the app (<see cref="StartupFailure.StopApp"/>) failed.</summary>
public sealed class StartupFailedException(string step, Exception inner)
    : Exception($"Start-up step '{step}' failed, so the app does not start: {inner.Message}", inner)
{
    public string Step { get; } = step;
}
