namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>A data frame <c>&lt;enc&gt;|&lt;TR_ID&gt;|&lt;NNN&gt;|&lt;payload&gt;</c> (KIS_API.md §6.5), payload still as sent.</summary>
public sealed record RealtimeFrame(bool Encrypted, string TrId, int RecordCount, string Payload);
