using System.Globalization;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>
/// Compares our trade record of a period with the broker's executed orders (inquire_daily_ccld), per KST day, ticker
/// and side (the broker lists orders, we record one trade per filled order, so totals per group are what both must
/// agree on): a group only one side has, a quantity that differs, an average price more than 1 KRW apart. Where the
/// broker reports realised profit itself (inquire_period_profit; KIS paper accounts lack it, and a figure KisTrader
/// computed from its own fills proves nothing), the totals must agree within 1 KRW per sell. Differences are listed,
/// never corrected; a broker that cannot be asked makes the check incomplete (<see cref="BrokerCrossCheck.Error"/>).
/// </summary>
public sealed class BrokerCrossChecker(IAccountReader account)
{
    public const string DailyCcld = "daily_ccld";
    public const string PeriodProfit = "period_profit";
    private const decimal PriceToleranceKrw = 1m;

    public async Task<BrokerCrossCheck> CheckAsync(IReadOnlyList<TradeRecord> periodTrades, decimal ourRealisedPnl, DateTimeOffset from,
        DateTimeOffset to, CancellationToken ct = default)
    {
        var fromDate = TradeCostModel.KstDate(from);
        var toDate = TradeCostModel.KstDate(to.AddTicks(-1));
        IReadOnlyList<Orders.BrokerOrder> orders;
        try
        {
            orders = await account.GetOrdersAsync(fromDate, toDate, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new BrokerCrossCheck([], 0, periodTrades.Count, 0, null, ourRealisedPnl, [],
                $"executed orders could not be read: {ex.GetType().Name}: {Decisions.UntrustedText.Quote(ex.Message, 200)}");
        }

        // The broker answers whole KST days; the period starts at an instant (now − 7 days): leave out the first day's
        // orders from before it, or every morning fill of that day would show as missing from our record.
        var executions = orders.Where(o => o.FilledQuantity > 0)
            .Where(o => new DateTimeOffset(o.OrderDate.ToDateTime(o.OrderTime), Market.KoreaTime.Offset) is var at && at >= from && at < to)
            .ToList();
        var ours = periodTrades.GroupBy(t => (Date: TradeCostModel.KstDate(t.Timestamp), t.Ticker, Side: t.Action.ToText()))
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Qty: g.Sum(t => t.Quantity), Value: g.Sum(t => t.Price * t.Quantity)));
        var theirs = executions.GroupBy(o => (Date: o.OrderDate, o.Ticker, Side: o.Side == Side.Buy ? "BUY" : "SELL"))
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Qty: g.Sum(o => o.FilledQuantity), Value: g.Sum(o => o.AverageFillPrice * o.FilledQuantity)));

        var differences = new List<string>();
        var matched = 0;
        foreach (var key in ours.Keys.Union(theirs.Keys).OrderBy(k => k.Date).ThenBy(k => k.Ticker, StringComparer.Ordinal).ThenBy(k => k.Side, StringComparer.Ordinal))
        {
            var label = $"{key.Date:yyyy-MM-dd} {key.Side} {key.Ticker}";
            var hasOurs = ours.TryGetValue(key, out var o);
            var hasTheirs = theirs.TryGetValue(key, out var b);
            if (!hasTheirs)
            {
                differences.Add($"{label}: {o.Qty} shares in our record, none executed at the broker");
                continue;
            }
            if (!hasOurs)
            {
                differences.Add($"{label}: {b.Qty} shares executed at the broker, missing from our record");
                continue;
            }
            var ok = true;
            if (o.Qty != b.Qty)
            {
                differences.Add($"{label}: quantity {o.Qty} in our record, {b.Qty} at the broker");
                ok = false;
            }
            var ourAvg = o.Value / o.Qty;
            var theirAvg = b.Value / b.Qty;
            if (Math.Abs(ourAvg - theirAvg) > PriceToleranceKrw)
            {
                differences.Add($"{label}: average price {Krw(ourAvg)} in our record, {Krw(theirAvg)} at the broker");
                ok = false;
            }
            if (ok) matched += o.Count;
        }

        var sources = new List<string> { DailyCcld };
        decimal? brokerPnl = null;
        try
        {
            var profit = await account.GetPeriodProfitAsync(fromDate, toDate, ct).ConfigureAwait(false);
            if (profit.Source == DataSource.Broker)
            {
                sources.Add(PeriodProfit);
                brokerPnl = profit.RealizedPnlTotal;
                var sells = Math.Max(1, periodTrades.Count(t => t.Action == TradeAction.Sell));
                if (Math.Abs(brokerPnl.Value - ourRealisedPnl) > PriceToleranceKrw * sells)
                    differences.Add($"realised P&L {Krw(ourRealisedPnl)} KRW in our record, {Krw(brokerPnl.Value)} KRW at the broker " +
                        $"(beyond {sells} KRW, 1 per sell)");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Paper accounts do not have inquire_period_profit: the executed-order comparison stands on its own.
        }

        return new BrokerCrossCheck(sources, executions.Count, periodTrades.Count, matched, brokerPnl, ourRealisedPnl, differences, null);
    }

    private static string Krw(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
