namespace KisTrader.Core.Audit;

/// <summary>Who did what, when and why: every admin action and every safety-relevant event.</summary>
public sealed record AuditEntry(DateTimeOffset Timestamp, string Actor, string Action, string Target, string? Details);
