using KisTrader.Core.Graphs;

namespace KisTrader.Core.Ports;

/// <summary>One page of a graph's runs, newest first unless asked otherwise, optionally of one status.</summary>
public sealed record RunQuery(string? Graph, RunStatus? Status = null, int Skip = 0, int Take = 25, bool NewestFirst = true)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Take);
    }

    /// <summary>The same rules over runs held in memory: what the fakes answer.</summary>
    public RunPage Apply(IEnumerable<GraphRun> runs)
    {
        Validate();
        var matched = runs.Where(r => (Graph is null || r.Graph == Graph) && (Status is null || r.Status == Status)).ToList();
        var ordered = NewestFirst
            ? matched.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            : matched.OrderBy(r => r.StartedAt).ThenBy(r => r.RunId, StringComparer.Ordinal);
        return new RunPage([.. ordered.Skip(Skip).Take(Take)], matched.Count);
    }
}

public sealed record RunPage(IReadOnlyList<GraphRun> Items, int Total);
