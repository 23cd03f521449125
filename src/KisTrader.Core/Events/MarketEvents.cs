using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Events;

/// <summary>A value: published per realtime record, it is queued on the bus without an allocation (issue 18 goal 1).</summary>
public readonly record struct TickReceived(Tick Tick);

public sealed record OrderBookReceived(OrderBookSnapshot Book);

public sealed record ExecutionNoticeReceived(ExecutionNotice Notice);

public sealed record FeedStateChanged(FeedState State, string Reason, DateTimeOffset At);
