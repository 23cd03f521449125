using KisTrader.Core.Audit;

namespace KisTrader.Core.Ports;

/// <summary>One page of the audit log, newest first: optionally one actor's entries, or actions starting with a prefix
/// ("trading." for every trading-mode change).</summary>
public sealed record AuditQuery(string? Actor = null, string? ActionPrefix = null, int Skip = 0, int Take = 50)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Take);
    }

    /// <summary>The same rules over entries held in memory, oldest first as written: what the fakes answer.</summary>
    public AuditPage Apply(IEnumerable<AuditEntry> writtenInOrder)
    {
        Validate();
        var matched = writtenInOrder
            .Where(e => (Actor is null || e.Actor == Actor) && (ActionPrefix is null || e.Action.StartsWith(ActionPrefix, StringComparison.Ordinal)))
            .ToList();
        matched.Reverse();
        return new AuditPage([.. matched.Skip(Skip).Take(Take)], matched.Count);
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);
