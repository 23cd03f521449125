namespace KisTrader.Core.Graphs;

/// <summary>What a node tells the runner to do next. Expected outcomes are data, so a node returns Fail rather than
/// throwing for a business reason; an exception is recorded as a failure too.</summary>
public abstract record NodeResult
{
    /// <summary>Go on to <paramref name="Next"/>, or to the node after this one in the graph's order when null.</summary>
    public sealed record ContinueResult(string? Next) : NodeResult;

    /// <summary>Stop as AwaitingApproval; a later resume starts at <paramref name="ResumeAt"/> (default: the next node).</summary>
    public sealed record ParkResult(string Reason, string? ResumeAt) : NodeResult;

    /// <summary>The run is over. With an <paramref name="Error"/> it ended as Failed, but its work (a report) is complete:
    /// for an outcome that is a failure without the node failing (a decision that could not be made). <paramref name="Report"/>
    /// travels with the run's last <see cref="Events.RunUpdated"/>, so whoever announces the run needs not read its state.</summary>
    public sealed record EndResult(string Summary, string? Error = null, object? Report = null) : NodeResult;

    public sealed record FailResult(string Error) : NodeResult;

    public static NodeResult Continue(string? next = null) => new ContinueResult(next);
    public static NodeResult Park(string reason, string? resumeAt = null) => new ParkResult(reason, resumeAt);
    public static NodeResult End(string summary, object? report = null) => new EndResult(summary, null, report);
    public static NodeResult EndFailed(string summary, string error, object? report = null) => new EndResult(summary, error, report);
    public static NodeResult Fail(string error) => new FailResult(error);
}
