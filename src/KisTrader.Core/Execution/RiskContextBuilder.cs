using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Execution;

/// <summary>Builds a fresh <see cref="RiskContext"/> from the broker and our stores. Quotes come over rate-limited REST,
/// so only the tickers of the orders being judged are fetched.</summary>
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

    public async Task<RiskContext> BuildAsync(IEnumerable<string> tickers, MarketAnalysis? analysis, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var mode = await modes.GetAsync(ct);
        var balance = await account.GetBalanceAsync(ct);
        var portfolio = PortfolioSnapshot.From(balance, now);

        var quotes = new Dictionary<string, Quote>(StringComparer.Ordinal);
        foreach (var ticker in tickers.Distinct(StringComparer.Ordinal))
            quotes[ticker] = await market.GetQuoteAsync(ticker, ct);

        var dayStart = KoreaTime.StartOfDay(now);
        var todays = await ledger.ListAsync(dayStart, dayStart.AddDays(1), ct);
        var sentToday = todays.Count(o => Sent.Contains(o.Status));

        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        var equityAtDayStart = await marks.MarkAsync(today, portfolio.TotalEquity, ct);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var week = await marks.ListAsync(monday, today, ct);
        var equityAtWeekStart = week.Count > 0 ? week[0].Equity : equityAtDayStart;

        var universeSet = new HashSet<string>(universe.Watchlist, StringComparer.Ordinal);
        universeSet.UnionWith(portfolio.Positions.Select(p => p.Ticker));

        return new RiskContext(mode, portfolio, quotes, analysis, sentToday, equityAtDayStart, equityAtWeekStart, rules, universeSet, now);
    }
}
