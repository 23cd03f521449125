using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Events;

public sealed record TickReceived(Tick Tick);

public sealed record OrderBookReceived(OrderBookSnapshot Book);

public sealed record ExecutionNoticeReceived(ExecutionNotice Notice);

public sealed record FeedStateChanged(FeedState State, string Reason, DateTimeOffset At);
