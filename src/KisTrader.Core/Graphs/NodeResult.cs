namespace KisTrader.Core.Graphs;

/// <summary>What a node tells the runner to do next. Expected outcomes are data, so a node returns Fail rather than
/// throwing for a business reason; an exception is recorded as a failure too.</summary>
public abstract record NodeResult
{
    /// <summary>Go on to <paramref name="Next"/>, or to the node after this one in the graph's order when null.</summary>
    public sealed record ContinueResult(string? Next) : NodeResult;

    /// <summary>Stop as AwaitingApproval; a later resume starts at <paramref name="ResumeAt"/> (default: the next node).</summary>
    public sealed record ParkResult(string Reason, string? ResumeAt) : NodeResult;

    public sealed record EndResult(string Summary) : NodeResult;

    public sealed record FailResult(string Error) : NodeResult;

    public static NodeResult Continue(string? next = null) => new ContinueResult(next);
    public static NodeResult Park(string reason, string? resumeAt = null) => new ParkResult(reason, resumeAt);
    public static NodeResult End(string summary) => new EndResult(summary);
    public static NodeResult Fail(string error) => new FailResult(error);
}
