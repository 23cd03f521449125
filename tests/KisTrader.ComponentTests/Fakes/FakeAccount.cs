using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

public sealed class FakeAccount : IAccountReader
{
    public AccountBalance Balance { get; set; } = new(100_000_000m, 99_000_000m, 0m, 100_000_000m, 100_000_000m, 0m, 0m, []);
    public Exception? Fail { get; set; }
    public int Reads { get; private set; }
    public TaskCompletionSource? Gate { get; set; }

    public async Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default)
    {
        Reads++;
        if (Gate is { } g) await g.Task;
        return Fail is { } e ? throw e : Balance;
    }

    public Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default) => Task.FromResult(new OpenOrders(DataSource.Computed, []));
    public Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => Task.FromResult(new PeriodProfit(DataSource.Computed, []));
    public Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => throw new NotSupportedException();
}
