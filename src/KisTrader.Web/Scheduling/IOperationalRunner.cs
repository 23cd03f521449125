namespace KisTrader.Web.Scheduling;

/// <summary>Starts one operational-graph run (the schedule, "Run now" and the command line all come through here).</summary>
public interface IOperationalRunner
{
    /// <returns>The run's id and summary, or a reason it did not run (a run already in progress, a market holiday).</returns>
    Task<OperationalRunOutcome> RunAsync(string trigger, CancellationToken ct = default);
}

public sealed record OperationalRunOutcome(string? RunId, string Status, string Summary);
