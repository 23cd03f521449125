namespace KisTrader.Core.Approvals;

/// <summary>When a risk-approved order must wait for an admin: always (the default), from an order value upward, or never.</summary>
public enum ApprovalMode
{
    Required,
    AboveValue,
    Off,
}
