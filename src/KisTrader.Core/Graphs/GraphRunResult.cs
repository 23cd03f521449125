namespace KisTrader.Core.Graphs;

/// <summary>What StartAsync/ResumeAsync did. Skipped means nothing ran (another run in progress, or nothing to resume).</summary>
public sealed record GraphRunResult(string? RunId, RunStatus? Status, bool Skipped, string Message)
{
    public static GraphRunResult Skip(string message, string? runId = null) => new(runId, null, true, message);
}
