using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Ports;

/// <summary>The account as the broker sees it.</summary>
public interface IAccountReader
{
    Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default);

    Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default);

    Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default);

    /// <summary>Orders with their fills for a date range, oldest first (all pages).</summary>
    Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default);

    Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default);

    Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default);
}
