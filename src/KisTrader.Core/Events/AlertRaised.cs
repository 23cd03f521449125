using KisTrader.Core.Alerts;

namespace KisTrader.Core.Events;

/// <summary>An alert passed its cooldown and goes out (notification channels, event runs).</summary>
public sealed record AlertRaised(Alert Alert);
