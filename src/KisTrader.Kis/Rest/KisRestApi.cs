using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Kis.Dto;

namespace KisTrader.Kis.Rest;

/// <summary>
/// The typed KIS REST functions (decimal money and prices, long quantities). The adapters (<see cref="KisMarketData"/>,
/// <see cref="KisAccountReader"/>, <see cref="KisOrderRouter"/>) are what the app uses; these are for them and for tests.
/// Reads throw <see cref="KisApiException"/>, <see cref="KisResponseFormatException"/> or <see cref="KisTransportException"/>;
/// orders never throw for a KIS outcome: they return an <see cref="OrderSubmission"/>.
/// </summary>
public sealed class KisRestApi
{
    private const int MaxChartWindows = 400;
    private const int MaxMinuteCalls = 30;

    private readonly KisRestSender _sender;
    private readonly KisClientOptions _options;
    private readonly KisTrIds _trIds;
    private readonly TimeProvider _time;

    internal KisRestApi(KisRestSender sender, KisClientOptions options, TimeProvider time)
    {
        _sender = sender;
        _options = options;
        _time = time;
        _trIds = new KisTrIds(options.Environment, options.UseLegacyOrderTrIds);
    }

    public bool IsPaper => _trIds.IsPaper;

    private string Cano => _options.AccountNumber;
    private string Product => _options.AccountProductCode;
    private DateOnly TodayKst => DateOnly.FromDateTime(_time.GetUtcNow().ToKst().DateTime);

    // ---- quotations

    public async Task<Quote> InquirePriceAsync(string ticker, CancellationToken ct = default) =>
        InquirePriceDto.Parse(await _sender.ReadAsync(InquirePriceDto.Request(ticker), ct).ConfigureAwait(false), ticker, _time.GetUtcNow());

    /// <summary>The market the instrument is listed on, from inquire_price's rprs_mrkt_kor_name; null when it names none.</summary>
    public async Task<KrxMarket?> InquireInstrumentMarketAsync(string ticker, CancellationToken ct = default) =>
        KisTrader.Core.History.HistoryInstrument.MarketFromKisName(
            InquirePriceDto.ParseMarketName(await _sender.ReadAsync(InquirePriceDto.Request(ticker), ct).ConfigureAwait(false)));

    /// <summary>The latest ~30 executions, newest first.</summary>
    public async Task<IReadOnlyList<RecentTrade>> InquireCcnlAsync(string ticker, CancellationToken ct = default) =>
        InquireCcnlDto.Parse(await _sender.ReadAsync(InquireCcnlDto.Request(ticker), ct).ConfigureAwait(false));

    /// <summary>The last 30 days, weeks or months, oldest first.</summary>
    public async Task<IReadOnlyList<Bar>> InquireDailyPriceAsync(string ticker, BarPeriod period = BarPeriod.Day, CancellationToken ct = default) =>
        InquireDailyPriceDto.Parse(await _sender.ReadAsync(InquireDailyPriceDto.Request(ticker, period), ct).ConfigureAwait(false));

    /// <summary>One call of the period chart (at most 100 bars), oldest first.</summary>
    public async Task<IReadOnlyList<Bar>> InquireDailyItemChartPriceAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default) =>
        DailyItemChartPriceDto.Parse(await _sender.ReadAsync(DailyItemChartPriceDto.Request(ticker, from, to, period), ct).ConfigureAwait(false)).Bars;

    /// <summary>The instrument's display name: one period-chart call over the last week (its output1 carries the name).</summary>
    public async Task<string?> InquireInstrumentNameAsync(string ticker, CancellationToken ct = default) =>
        DailyItemChartPriceDto.ParseName(await _sender.ReadAsync(DailyItemChartPriceDto.Request(ticker, TodayKst.AddDays(-7), TodayKst, BarPeriod.Day), ct).ConfigureAwait(false));

    /// <summary>
    /// Bars for any date range, oldest first and de-duplicated: KIS returns at most 100 rows per call, so the range is
    /// re-queried in shifted date windows until it is covered. A call with fewer than 100 rows covers its window;
    /// after a full call the uncovered dates on both sides of the returned rows are queried, so the result is complete
    /// whether KIS fills a window from its newest or its oldest end (an already covered side costs one empty call).
    /// </summary>
    public async Task<IReadOnlyList<Bar>> InquireDailyBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default,
        bool adjusted = true)
    {
        if (to < from) throw new ArgumentException("The range ends before it starts.", nameof(to));
        var byDate = new SortedDictionary<DateOnly, Bar>();
        var windows = new Stack<(DateOnly From, DateOnly To)>();
        windows.Push((from, to));
        for (var call = 0; windows.Count > 0; call++)
        {
            if (call >= MaxChartWindows) throw new KisResponseFormatException(KisTrIds.InquireDailyItemChartPrice, "output2", $"did not cover the range after {MaxChartWindows} calls");
            var (lo, hi) = windows.Pop();
            var (bars, rows) = DailyItemChartPriceDto.Parse(await _sender.ReadAsync(DailyItemChartPriceDto.Request(ticker, lo, hi, period, adjusted), ct).ConfigureAwait(false));
            var inWindow = bars.Where(b => b.Date >= lo && b.Date <= hi).ToList();
            foreach (var bar in inWindow) byDate[bar.Date] = bar;
            if (rows < DailyItemChartPriceDto.MaxRowsPerCall || inWindow.Count == 0) continue;
            var oldest = inWindow[0].Date;
            var newest = inWindow[^1].Date;
            if (newest < hi) windows.Push((newest.AddDays(1), hi));
            if (oldest > lo) windows.Push((lo, oldest.AddDays(-1))); // popped first: walk back from the newest data
        }
        return byDate.Values.ToList();
    }

    /// <summary>
    /// An index's daily bars for any date range, oldest first. The samples do not say how many rows one call returns,
    /// so each call's uncovered dates on both sides are queried again until a window comes back empty (the cost: one
    /// empty call at each end of the range).
    /// </summary>
    public async Task<IReadOnlyList<Bar>> InquireDailyIndexBarsAsync(string indexCode, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to < from) throw new ArgumentException("The range ends before it starts.", nameof(to));
        var byDate = new SortedDictionary<DateOnly, Bar>();
        var windows = new Stack<(DateOnly From, DateOnly To)>();
        windows.Push((from, to));
        for (var call = 0; windows.Count > 0; call++)
        {
            if (call >= MaxChartWindows) throw new KisResponseFormatException(KisTrIds.InquireDailyIndexChartPrice, "output2", $"did not cover the range after {MaxChartWindows} calls");
            var (lo, hi) = windows.Pop();
            var bars = DailyIndexChartPriceDto.Parse(await _sender.ReadAsync(DailyIndexChartPriceDto.Request(indexCode, lo, hi), ct).ConfigureAwait(false));
            var inWindow = bars.Where(b => b.Date >= lo && b.Date <= hi).ToList();
            if (inWindow.Count == 0) continue;
            foreach (var bar in inWindow) byDate[bar.Date] = bar;
            if (inWindow[^1].Date < hi) windows.Push((inWindow[^1].Date.AddDays(1), hi));
            if (inWindow[0].Date > lo) windows.Push((lo, inWindow[0].Date.AddDays(-1)));
        }
        return byDate.Values.ToList();
    }

    /// <summary>One call of today's minute chart: about 30 bars ending at <paramref name="until"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Bar>> InquireTimeItemChartPriceAsync(string ticker, TimeOnly until, CancellationToken ct = default) =>
        TimeItemChartPriceDto.Parse(await _sender.ReadAsync(TimeItemChartPriceDto.Request(ticker, until), ct).ConfigureAwait(false));

    /// <summary>Today's minute bars up to <paramref name="until"/>, walking back ~30 minutes per call until the morning, oldest first.</summary>
    public async Task<IReadOnlyList<Bar>> InquireMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default)
    {
        var byTime = new SortedDictionary<DateTimeOffset, Bar>();
        var cursor = until;
        for (var call = 0; call < MaxMinuteCalls; call++)
        {
            var bars = await InquireTimeItemChartPriceAsync(ticker, cursor, ct).ConfigureAwait(false);
            var added = 0;
            foreach (var bar in bars)
                if (byTime.TryAdd(bar.Time, bar)) added++;
            if (bars.Count == 0 || added == 0) break;
            var oldest = TimeOnly.FromTimeSpan(bars[0].Time.ToKst().TimeOfDay);
            if (oldest <= KrxCalendar.Open) break;
            cursor = oldest.AddMinutes(-1);
        }
        return byTime.Values.ToList();
    }

    public async Task<OrderBookSnapshot> InquireAskingPriceAsync(string ticker, CancellationToken ct = default) =>
        AskingPriceDto.Parse(await _sender.ReadAsync(AskingPriceDto.Request(ticker), ct).ConfigureAwait(false), ticker, _time.GetUtcNow());

    /// <summary>Real only.</summary>
    public async Task<IReadOnlyList<RankingEntry>> VolumeRankAsync(CancellationToken ct = default)
    {
        RequireReal("volume_rank");
        return VolumeRankDto.Parse(await _sender.ReadAsync(VolumeRankDto.Request(), ct).ConfigureAwait(false));
    }

    /// <summary>Real only. <paramref name="losers"/>: 하락율 instead of 상승율.</summary>
    public async Task<IReadOnlyList<RankingEntry>> FluctuationAsync(bool losers, CancellationToken ct = default)
    {
        RequireReal("fluctuation");
        return FluctuationDto.Parse(await _sender.ReadAsync(FluctuationDto.Request(losers), ct).ConfigureAwait(false));
    }

    // ---- account

    /// <summary>Cash and holdings from every page.</summary>
    public async Task<AccountBalance> InquireBalanceAsync(CancellationToken ct = default) =>
        InquireBalanceDto.Parse(await _sender.ReadAllPagesAsync(InquireBalanceDto.Request(_trIds.InquireBalance, Cano, Product), ct).ConfigureAwait(false));

    /// <summary>Real only.</summary>
    public async Task<AccountAssets> InquireAccountBalanceAsync(CancellationToken ct = default)
    {
        RequireReal("inquire_account_balance");
        return InquireAccountBalanceDto.Parse(await _sender.ReadAsync(InquireAccountBalanceDto.Request(_trIds.InquireAccountBalance, Cano, Product), ct).ConfigureAwait(false));
    }

    /// <param name="ticker">Null for amounts only.</param>
    public async Task<BuyingPower> InquirePsblOrderAsync(string? ticker, OrderPriceType type, decimal? price, CancellationToken ct = default) =>
        InquirePsblOrderDto.Parse(await _sender.ReadAsync(InquirePsblOrderDto.Request(_trIds.InquirePsblOrder, Cano, Product, ticker, type, price), ct).ConfigureAwait(false));

    /// <summary>Real only (paper: the balance's ord_psbl_qty).</summary>
    public async Task<SellableQuantity> InquirePsblSellAsync(string ticker, CancellationToken ct = default)
    {
        RequireReal("inquire_psbl_sell");
        return InquirePsblSellDto.Parse(await _sender.ReadAsync(InquirePsblSellDto.Request(_trIds.InquirePsblSell, Cano, Product, ticker), ct).ConfigureAwait(false), ticker);
    }

    /// <summary>
    /// Orders and fills of a date range (all pages), oldest first. The part of the range more than three months
    /// before today (KST) is read with the older-orders TR (CTSC9215R), the rest with TTTC0081R.
    /// </summary>
    public async Task<IReadOnlyList<BrokerOrder>> InquireDailyCcldAsync(DateOnly from, DateOnly to, OrderFillFilter filter = OrderFillFilter.All, CancellationToken ct = default)
    {
        if (to < from) throw new ArgumentException("The range ends before it starts.", nameof(to));
        var recentSince = TodayKst.AddMonths(-3);
        var orders = new List<BrokerOrder>();
        if (from < recentSince)
        {
            var oldTo = to < recentSince ? to : recentSince.AddDays(-1);
            var pages = await _sender.ReadAllPagesAsync(InquireDailyCcldDto.Request(_trIds.InquireDailyCcldOld, Cano, Product, from, oldTo, filter), ct).ConfigureAwait(false);
            orders.AddRange(InquireDailyCcldDto.Parse(pages));
        }
        if (to >= recentSince)
        {
            var recentFrom = from > recentSince ? from : recentSince;
            var pages = await _sender.ReadAllPagesAsync(InquireDailyCcldDto.Request(_trIds.InquireDailyCcldRecent, Cano, Product, recentFrom, to, filter), ct).ConfigureAwait(false);
            orders.AddRange(InquireDailyCcldDto.Parse(pages));
        }
        return orders
            .DistinctBy(o => (o.OrderDate, o.OrderNo))
            .OrderBy(o => o.OrderDate).ThenBy(o => o.OrderTime).ThenBy(o => o.OrderNo, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Real only: orders that can still be amended or cancelled (all pages).</summary>
    public async Task<IReadOnlyList<OpenOrder>> InquirePsblRvseCnclAsync(CancellationToken ct = default)
    {
        RequireReal("inquire_psbl_rvsecncl");
        return InquirePsblRvseCnclDto.Parse(await _sender.ReadAllPagesAsync(InquirePsblRvseCnclDto.Request(_trIds.InquirePsblRvseCncl, Cano, Product), ct).ConfigureAwait(false));
    }

    /// <summary>Real only: realised profit per trading day (all pages), oldest first.</summary>
    public async Task<IReadOnlyList<DailyProfit>> InquirePeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        RequireReal("inquire_period_profit");
        return InquirePeriodProfitDto.Parse(await _sender.ReadAllPagesAsync(InquirePeriodProfitDto.Request(_trIds.InquirePeriodProfit, Cano, Product, from, to), ct).ConfigureAwait(false));
    }

    // ---- orders (never retried). Internal: the app reaches them only through KisOrderRouter, which only the order
    // gateway holds (Architecture/OrderFunctionTests).

    internal Task<OrderSubmission> OrderCashAsync(OrderRequest order, CancellationToken ct = default)
    {
        var trId = order.Side == Core.Exchange.Side.Buy ? _trIds.OrderCashBuy : _trIds.OrderCashSell;
        return _sender.SendOrderAsync(OrderCashDto.Request(trId, Cano, Product, order), OrderCashDto.ParseAccepted, ct);
    }

    /// <summary>Amend (<paramref name="cancel"/> false) or cancel an order. The accepted answer carries the new order number.</summary>
    internal Task<OrderSubmission> OrderRvseCnclAsync(ModifyRequest request, bool cancel, CancellationToken ct = default) =>
        _sender.SendOrderAsync(OrderRvseCnclDto.Request(_trIds.OrderRvseCncl, Cano, Product, request, cancel), OrderRvseCnclDto.ParseAccepted, ct);

    private void RequireReal(string function)
    {
        if (IsPaper) throw new KisRealOnlyException(function);
    }
}
