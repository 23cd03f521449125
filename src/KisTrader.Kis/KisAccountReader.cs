using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis;

/// <summary>The account over KIS REST. Functions KIS offers to real accounts only fall back in paper and the simulator,
/// marked <see cref="DataSource.Computed"/>: sellable quantity from the balance's ord_psbl_qty, open orders from
/// today's unfilled inquire_daily_ccld rows, period profit from our own fills.</summary>
public sealed class KisAccountReader(KisRestApi api, TimeProvider time, TradingCosts costs) : IAccountReader
{
    private DateOnly TodayKst => DateOnly.FromDateTime(time.GetUtcNow().ToKst().DateTime);

    public Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default) => api.InquireBalanceAsync(ct);

    public Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default) =>
        api.InquirePsblOrderAsync(ticker, type, price, ct);

    public async Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default)
    {
        if (!api.IsPaper) return await api.InquirePsblSellAsync(ticker, ct).ConfigureAwait(false);
        var balance = await api.InquireBalanceAsync(ct).ConfigureAwait(false);
        var held = balance.Holdings.Where(h => h.Ticker == ticker).Sum(h => h.SellableQuantity);
        return new SellableQuantity(ticker, held, DataSource.Computed);
    }

    public Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        api.InquireDailyCcldAsync(from, to, OrderFillFilter.All, ct);

    public async Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default)
    {
        if (!api.IsPaper) return new OpenOrders(DataSource.Broker, await api.InquirePsblRvseCnclAsync(ct).ConfigureAwait(false));
        var today = TodayKst;
        var orders = await api.InquireDailyCcldAsync(today, today, OrderFillFilter.Unfilled, ct).ConfigureAwait(false);
        var open = orders.Where(o => o.IsOpen)
            .Select(o => new OpenOrder(new BrokerOrderId(o.BranchNo, o.OrderNo), o.Ticker, o.Side, o.Quantity, o.Price, o.FilledQuantity, o.RemainingQuantity, o.OrderTime))
            .ToList();
        return new OpenOrders(DataSource.Computed, open);
    }

    public async Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!api.IsPaper) return new PeriodProfit(DataSource.Broker, await api.InquirePeriodProfitAsync(from, to, ct).ConfigureAwait(false));
        var orders = await api.InquireDailyCcldAsync(from, to, OrderFillFilter.Filled, ct).ConfigureAwait(false);
        var balance = await api.InquireBalanceAsync(ct).ConfigureAwait(false);
        var averageCost = balance.Holdings.GroupBy(h => h.Ticker).ToDictionary(g => g.Key, g => g.First().AveragePrice, StringComparer.Ordinal);
        return new PeriodProfit(DataSource.Computed, PeriodProfitCalculator.Compute(orders, averageCost, costs));
    }
}
