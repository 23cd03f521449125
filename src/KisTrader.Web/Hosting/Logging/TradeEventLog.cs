namespace KisTrader.Web.Hosting.Logging;

/// <summary>Writes one structured line per order event to the dedicated trade log.</summary>
public sealed class TradeEventLog(ILoggerFactory loggerFactory)
{
    private readonly ILogger _log = loggerFactory.CreateLogger(LogCategories.Trades);

    public void OrderEvent(string eventKind, string orderId, string ticker, string side, long quantity, decimal? price, string status, string? brokerOrderNo = null, string? reason = null) =>
        _log.LogInformation(
            "Order {EventKind} {OrderId} {Side} {Quantity} {Ticker} @ {Price} status {Status} broker order {BrokerOrderNo} {Reason}",
            eventKind, orderId, side, quantity, ticker, price, status, brokerOrderNo, reason);
}
