using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Execution;

/// <summary>Builds a fresh <see cref="RiskContext"/> from the broker and our stores. Broker calls are rate-limited: the
/// balance is the run's one read (<see cref="Balances"/>) corrected by our ledger, and quotes are only those of the orders
/// being judged (plus, rarely, those of open market buys), from the realtime feed where it is fresh (<see cref="Quotes"/>).</summary>
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
    private static readonly LedgerOrderStatus[] Sent =
        [LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled, LedgerOrderStatus.Filled, LedgerOrderStatus.Cancelled, LedgerOrderStatus.Unknown];

    private static readonly LedgerOrderStatus[] Pending =
        [LedgerOrderStatus.Intent, LedgerOrderStatus.Unknown, LedgerOrderStatus.Sent, LedgerOrderStatus.PartiallyFilled];

    /// <summary>Reuses the run's balance read (one per run) instead of reading the balance for every check. Null: a
    /// fresh read every time.</summary>
    public AccountSnapshots? Balances { get; init; }

    /// <summary>Prices from the realtime feed over one REST quote per ticker per day. Null: a REST quote every time.</summary>
    public RiskQuotes? Quotes { get; init; }

    public async Task<RiskContext> BuildAsync(IEnumerable<string> tickers, MarketAnalysis? analysis, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var mode = await modes.GetAsync(ct);
        // Without snapshots the balance is read now, so nothing can have happened since: the ledger corrections are skipped.
        var read = Balances is null ? null : await Balances.RecentAsync(ct);
        var balance = read?.Balance ?? await account.GetBalanceAsync(ct);
        var portfolio = PortfolioSnapshot.From(balance, now);
        var pending = await ledger.ListByStatusAsync(Pending, ct);
        var dayStart = KoreaTime.StartOfDay(now);
        // Every order sent today counts toward the daily limit, but only a count is read; the orders themselves only where
        // a balance read earlier in the run cannot show them (created or changed since it: this run's orders, and fills of
        // older ones), so a check costs the same with 10 or 1,000 orders in the day.
        var sentToday = await ledger.CountAsync(dayStart, dayStart.AddDays(1), Sent, ct);
        var since = read is null ? [] : await ledger.ListChangedSinceAsync(dayStart, dayStart.AddDays(1), read.ReadAt, ct);

        var quotes = new Dictionary<string, Quote>(StringComparer.Ordinal);
        foreach (var ticker in tickers.Concat(pending.Where(o => o.Side == Side.Buy && o.LimitPrice is null && o.RemainingQuantity > 0).Select(o => o.Ticker))
                     .Distinct(StringComparer.Ordinal))
            quotes[ticker] = Quotes is null ? await market.GetQuoteAsync(ticker, ct) : await Quotes.GetAsync(ticker, ct);

        // The broker's deposit does not drop for a buy that is placed but not yet filled: hold that cash back here,
        // or two submissions in a row could spend it twice.
        // Nor do its holdings show those shares yet: they count toward the ticker's weight (see RiskContext.OpenBuyValue).
        // A balance read earlier in the run knows nothing of what happened after it either: buys placed since count whole
        // (filled or not), and fills since then of older buys count too.
        var unseen = await UnseenBuysAsync(pending, since, read?.ReadAt ?? now, quotes, ct);
        var openBuyValue = unseen.GroupBy(u => u.Ticker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(u => u.Value), StringComparer.Ordinal);
        var reserved = openBuyValue.Values.Sum();
        if (reserved > 0) portfolio = portfolio with { Cash = portfolio.Cash - reserved };
        // Sells placed since the read have not lowered the sellable quantity it reported, and shares bought since are not
        // in it (KRX sells shares bought the same day). Their value is in OpenBuyValue already, so a position that the read
        // did not have is added at value 0, for its quantities only.
        var soldSince = since.Where(o => read is not null && o.Side == Side.Sell && o.CreatedAt >= read.ReadAt && o.Status != LedgerOrderStatus.Rejected)
            .GroupBy(o => o.Ticker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(o => o.Status == LedgerOrderStatus.Cancelled ? o.FilledQuantity : o.Quantity), StringComparer.Ordinal);
        var boughtSince = unseen.Where(u => u.Filled > 0).GroupBy(u => u.Ticker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(u => u.Filled), StringComparer.Ordinal);
        if (soldSince.Count > 0 || boughtSince.Count > 0)
        {
            var positions = portfolio.Positions.ToList();
            foreach (var ticker in boughtSince.Keys.Where(t => portfolio.Find(t) is null))
                positions.Add(new Position(ticker, "", 0, 0, 0m, 0m, 0m, 0m, 0m, 0m));
            portfolio = portfolio with
            {
                Positions = [.. positions.Select(p =>
                {
                    var delta = boughtSince.GetValueOrDefault(p.Ticker) - soldSince.GetValueOrDefault(p.Ticker);
                    return delta == 0 ? p : p with
                    {
                        Quantity = p.Quantity + boughtSince.GetValueOrDefault(p.Ticker),
                        SellableQuantity = Math.Max(0, p.SellableQuantity + delta),
                    };
                })],
            };
        }

        var (equityAtDayStart, equityAtWeekStart) = await EquityBaselines.ReadAsync(marks, now, portfolio.TotalEquity, ct);

        var universeSet = new HashSet<string>(universe.Watchlist, StringComparer.Ordinal);
        universeSet.UnionWith(portfolio.Positions.Select(p => p.Ticker));

        return new RiskContext(mode, portfolio, quotes, analysis, sentToday, equityAtDayStart, equityAtWeekStart, rules, universeSet, now)
        {
            OpenBuyValue = openBuyValue,
        };
    }

    /// <summary>The value of our buys that the balance read at <paramref name="readAt"/> does not show: what is still open
    /// (at its limit price, or the upper limit for market-type buys), plus, for buys placed after the read, what has filled
    /// (at the fill price), plus, for older buys, what filled after the read.</summary>
    /// <remarks>Filled is the quantity filled after the read (shares the read does not hold).</remarks>
    /// <param name="since">Today's orders created or changed since the read (none without a reused read).</param>
    private async Task<List<(string Ticker, decimal Value, long Filled)>> UnseenBuysAsync(IReadOnlyList<LedgerOrder> pending, IReadOnlyList<LedgerOrder> since,
        DateTimeOffset readAt, IReadOnlyDictionary<string, Quote> quotes, CancellationToken ct)
    {
        var open = pending.Where(o => o.Side == Side.Buy && o.RemainingQuantity > 0).ToList();
        var result = open.Select(o => (o.Ticker, o.RemainingQuantity * (o.LimitPrice ?? quotes[o.Ticker].UpperLimit), 0L)).ToList();
        foreach (var o in since.Where(o => o.Side == Side.Buy && o.FilledQuantity > 0 && o.Status != LedgerOrderStatus.Rejected))
        {
            if (o.CreatedAt >= readAt)
                result.Add((o.Ticker, o.FilledQuantity * (o.AverageFillPrice ?? o.LimitPrice ?? 0m), o.FilledQuantity));
            else if (o.UpdatedAt >= readAt)
            {
                var fills = (await ledger.FillsAsync(o.OrderId, ct)).Where(f => f.FilledAt >= readAt).ToList();
                result.Add((o.Ticker, fills.Sum(f => f.Quantity * f.Price), fills.Sum(f => f.Quantity)));
            }
        }
        return result;
    }
}
