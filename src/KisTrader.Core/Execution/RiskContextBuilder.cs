using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Execution;

/// <summary>Builds a fresh <see cref="RiskContext"/> from the broker and our stores. Quotes come over rate-limited REST,
/// so only the tickers of the orders being judged are fetched (plus, rarely, those of open market buys).</summary>
public sealed class RiskContextBuilder(
    IAccountReader account,
    IMarketData market,
    IOrderLedger ledger,
    ITradingModeStore modes,
    IStrategyRules rules,
    ITradingUniverse universe,
    IEquityMarks marks,
    TimeProvider time)
{
    /// <summary>Ledger statuses of orders that reached (or may have reached) the broker: they count toward the daily limit.</summary>
    private static readonly HashSet<LedgerOrderStatus> Sent =
        [LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled, LedgerOrderStatus.Filled, LedgerOrderStatus.Cancelled, LedgerOrderStatus.Unknown];

    private static readonly LedgerOrderStatus[] Pending =
        [LedgerOrderStatus.Intent, LedgerOrderStatus.Unknown, LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled];

    public async Task<RiskContext> BuildAsync(IEnumerable<string> tickers, MarketAnalysis? analysis, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var mode = await modes.GetAsync(ct);
        var balance = await account.GetBalanceAsync(ct);
        var portfolio = PortfolioSnapshot.From(balance, now);
        var pendingBuys = (await ledger.ListByStatusAsync(Pending, ct)).Where(o => o.Side == Side.Buy && o.RemainingQuantity > 0).ToList();

        var quotes = new Dictionary<string, Quote>(StringComparer.Ordinal);
        foreach (var ticker in tickers.Concat(pendingBuys.Where(o => o.LimitPrice is null).Select(o => o.Ticker)).Distinct(StringComparer.Ordinal))
            quotes[ticker] = await market.GetQuoteAsync(ticker, ct);

        // The broker's deposit does not drop for a buy that is placed but not yet filled: hold that cash back here,
        // or two submissions in a row could spend it twice.
        // Nor do its holdings show those shares yet: they count toward the ticker's weight (see RiskContext.OpenBuyValue).
        var openBuyValue = pendingBuys.GroupBy(o => o.Ticker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.RemainingQuantity * (o.LimitPrice ?? quotes[o.Ticker].UpperLimit)), StringComparer.Ordinal);
        var reserved = openBuyValue.Values.Sum();
        if (reserved > 0) portfolio = portfolio with { Cash = portfolio.Cash - reserved };

        var dayStart = KoreaTime.StartOfDay(now);
        var todays = await ledger.ListAsync(dayStart, dayStart.AddDays(1), ct);
        var sentToday = todays.Count(o => Sent.Contains(o.Status));

        var (equityAtDayStart, equityAtWeekStart) = await EquityBaselines.ReadAsync(marks, now, portfolio.TotalEquity, ct);

        var universeSet = new HashSet<string>(universe.Watchlist, StringComparer.Ordinal);
        universeSet.UnionWith(portfolio.Positions.Select(p => p.Ticker));

        return new RiskContext(mode, portfolio, quotes, analysis, sentToday, equityAtDayStart, equityAtWeekStart, rules, universeSet, now)
        {
            OpenBuyValue = openBuyValue,
        };
    }
}
