using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;

namespace KisTrader.Kis;

/// <summary>
/// Realised profit per day computed from our own fills, for accounts without inquire_period_profit (paper).
/// Average-cost method; commission on both sides and the sell tax through <see cref="TradingCosts"/> (KOSPI rates:
/// the fills do not say the market, and KOSPI and KOSDAQ rates are equal since 2023). Shares sold that were bought
/// before the range are costed at <paramref name="openingAverageCost"/> (the balance's average price) when known,
/// otherwise at the sell price, which books no profit for them rather than an invented one.
/// </summary>
internal static class PeriodProfitCalculator
{
    public static IReadOnlyList<DailyProfit> Compute(IEnumerable<BrokerOrder> orders, IReadOnlyDictionary<string, decimal> openingAverageCost, TradingCosts costs)
    {
        var positions = new Dictionary<string, (long Quantity, decimal Cost)>(StringComparer.Ordinal);
        var days = new SortedDictionary<DateOnly, (decimal Buy, decimal Sell, decimal Pnl, decimal Fee, decimal Tax)>();
        foreach (var order in orders.Where(o => o.FilledQuantity > 0).OrderBy(o => o.OrderDate).ThenBy(o => o.OrderTime))
        {
            var amount = order.FilledAmount > 0 ? order.FilledAmount : order.AverageFillPrice * order.FilledQuantity;
            var commission = costs.Commission(amount);
            var day = days.GetValueOrDefault(order.OrderDate);
            var (held, cost) = positions.GetValueOrDefault(order.Ticker);
            if (order.Side == Side.Buy)
            {
                positions[order.Ticker] = (held + order.FilledQuantity, cost + amount + commission);
                day = (day.Buy + amount, day.Sell, day.Pnl, day.Fee + commission, day.Tax);
            }
            else
            {
                var tax = costs.SellTax(amount, KrxMarket.Kospi, order.OrderDate);
                var fromHeld = Math.Min(held, order.FilledQuantity);
                var costOfHeld = held > 0 ? cost * fromHeld / held : 0m;
                var unknown = order.FilledQuantity - fromHeld;
                var unitPrice = amount / order.FilledQuantity;
                var costOfUnknown = unknown * openingAverageCost.GetValueOrDefault(order.Ticker, unitPrice);
                positions[order.Ticker] = (held - fromHeld, cost - costOfHeld);
                var pnl = Math.Round(amount - costOfHeld - costOfUnknown - commission - tax, 0, MidpointRounding.AwayFromZero);
                day = (day.Buy, day.Sell + amount, day.Pnl + pnl, day.Fee + commission, day.Tax + tax);
            }
            days[order.OrderDate] = day;
        }
        return days.Select(d => new DailyProfit(d.Key, d.Value.Buy, d.Value.Sell, d.Value.Pnl, d.Value.Fee, d.Value.Tax)).ToList();
    }
}
