using KisTrader.Core.Ports;

namespace KisTrader.Core.Events;

/// <summary>A notification for the dashboard's toasts.</summary>
public sealed record NotificationRaised(Notification Notification);
