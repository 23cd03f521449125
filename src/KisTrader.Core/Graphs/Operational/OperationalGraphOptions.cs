using KisTrader.Core.Approvals;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>How the operational graph trades: what it watches besides holdings and when orders wait for an admin.</summary>
public sealed record OperationalGraphOptions
{
    public IReadOnlyList<string> Watchlist { get; init; } = [];
    public ApprovalMode ApprovalMode { get; init; } = ApprovalMode.Required;
    /// <summary>With <see cref="ApprovalMode.AboveValue"/>: orders worth this much KRW or more wait for approval.</summary>
    public decimal ApprovalThresholdKrw { get; init; } = 1_000_000m;
    public TimeSpan ApprovalExpiry { get; init; } = TimeSpan.FromMinutes(10);
}
