using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Backtesting;

/// <summary>The bars a backtest runs on, read once from the market-history store: the instruments' daily bars (raw
/// prices, what an order could have traded at) from the warm-up start to <c>To</c>, the KOSPI index's when stored, and a
/// SHA-256 over all of them so a stored backtest says exactly which data it saw. The store read is as of the last
/// session's close; the <see cref="BarHistory"/> then hides every bar until its own close as the clock moves.</summary>
public sealed record BacktestBars(BarHistory History, IReadOnlyList<Bar> Index, BacktestDataRange Range)
{
    public static async Task<BacktestBars> LoadAsync(IMarketHistory store, BacktestRequest request, IEnumerable<BacktestInstrument>? instruments = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        Validate(request);
        var first = request.From.AddDays(-request.WarmUpDays);
        var asOf = KrxCalendar.CloseOn(request.To);
        IReadOnlyCollection<string>? wanted = request.Tickers is { Count: > 0 } t ? [.. t, MarketIndexes.Kospi] : null;
        var rows = await store.ReadAsync(HistoryQuery.Daily(wanted, first, request.To, asOf), ct).ConfigureAwait(false);
        if (request.Resolution == BarResolution.Minute)
        {
            // Minute bars from the warm-up's start too: a ticker without stored daily bars gets its warm-up days (indicators,
            // the first session's base price) from them.
            var minutes = await store.ReadAsync(new HistoryQuery(wanted, BarResolution.Minute, first, request.To, asOf), ct).ConfigureAwait(false);
            rows = [.. rows, .. minutes];
        }
        // The stored markets decide the tick table, limits and sell tax; an instrument without one is KOSPI.
        instruments ??= (await store.InstrumentsAsync(ct).ConfigureAwait(false)).Select(i => new BacktestInstrument(i.Ticker, i.Ticker, i.Market));
        return FromRows(rows, request, instruments);
    }

    /// <summary>The backtest's bars from store rows; <paramref name="instruments"/> name each instrument's market and kind
    /// (the tick table, limits and sell tax; default KOSPI stock).</summary>
    public static BacktestBars FromRows(IReadOnlyList<HistoryBar> rows, BacktestRequest request, IEnumerable<BacktestInstrument>? instruments = null)
    {
        Validate(request);
        var minuteRows = request.Resolution == BarResolution.Minute
            ? rows.Where(b => MarketIndexes.IsInstrumentCode(b.Ticker) && b.Resolution == BarResolution.Minute
                && b.Date >= request.From.AddDays(-request.WarmUpDays) && b.Date <= request.To)
                .GroupBy(b => b.Ticker, StringComparer.Ordinal)
                .Where(g => g.Any(b => b.Date >= request.From))
                .Where(g => request.Tickers is not { Count: > 0 } || request.Tickers.Contains(g.Key))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Bar>)[.. g.OrderBy(b => b.Time).Select(b => b.ToBar(adjusted: false))], StringComparer.Ordinal)
            : null;
        var stored = rows.Where(b => MarketIndexes.IsInstrumentCode(b.Ticker) && b.Resolution == BarResolution.Day)
            .Where(b => minuteRows is null || minuteRows.ContainsKey(b.Ticker))
            .GroupBy(b => b.Ticker, StringComparer.Ordinal)
            .Where(g => g.Any(b => b.Date >= request.From && b.Date <= request.To))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<HistoryBar>)[.. g.OrderBy(b => b.Time)], StringComparer.Ordinal);
        // Raw prices for fills and quotes; each bar's raw ÷ adjusted factor lets the analysis see split-adjusted prices.
        var factors = stored.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<decimal>)[.. kv.Value.Select(b => b.AdjustmentFactor)], StringComparer.Ordinal);
        var byTicker = stored.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Bar>)[.. kv.Value.Select(b => b.ToBar(adjusted: false))], StringComparer.Ordinal);
        MinuteBars? minutes = null;
        if (minuteRows is not null)
        {
            try
            {
                minutes = new MinuteBars(minuteRows);
            }
            catch (ArgumentException ex)
            {
                throw new BacktestInputException($"The stored minute bars cannot be replayed: {ex.Message}");
            }
            // A ticker with minute bars but no stored daily bars: its daily bars (indicators, limits) are the minutes' sums.
            foreach (var (ticker, daily) in minutes.DerivedDaily())
                if (!byTicker.ContainsKey(ticker))
                {
                    byTicker[ticker] = daily;
                    factors[ticker] = [.. daily.Select(_ => 1m)];
                }
            var noMinutes = byTicker.Keys.Where(t => !minuteRows.ContainsKey(t)).ToList();
            foreach (var t in noMinutes) byTicker.Remove(t);
        }
        var kind = minutes is null ? "daily" : "minute";
        if (request.Tickers is { Count: > 0 } tickers)
        {
            var missing = tickers.Where(x => !byTicker.ContainsKey(x)).ToList();
            if (missing.Count > 0)
                throw new BacktestInputException($"No {kind} bars between {request.From:yyyy-MM-dd} and {request.To:yyyy-MM-dd} for {string.Join(", ", missing)}.");
        }
        if (byTicker.Count == 0)
            throw new BacktestInputException($"No {kind} bars between {request.From:yyyy-MM-dd} and {request.To:yyyy-MM-dd}: import or collect history first.");
        var index = rows.Where(b => b.Ticker == MarketIndexes.Kospi && b.Resolution == BarResolution.Day).OrderBy(b => b.Time).Select(b => b.ToBar(adjusted: false)).ToList();
        BarHistory history;
        try
        {
            history = new BarHistory(byTicker, instruments, factors, minutes);
        }
        catch (ArgumentException ex)
        {
            throw new BacktestInputException($"The stored bars cannot be replayed: {ex.Message}");
        }
        return new BacktestBars(history, index, RangeOf(byTicker, index, factors, minuteRows));
    }

    /// <summary>The hash is over a canonical text of every bar (ticker, date, OHLC, volume; ordinal ticker order, oldest
    /// first), so it does not depend on how the store returned them.
    /// Bars with an adjustment (factor ≠ 1) add it to their line, so re-adjusted data hashes differently.</summary>
    private static BacktestDataRange RangeOf(IReadOnlyDictionary<string, IReadOnlyList<Bar>> instruments, IReadOnlyList<Bar> index,
        IReadOnlyDictionary<string, IReadOnlyList<decimal>> factors, IReadOnlyDictionary<string, IReadOnlyList<Bar>>? minutes = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var count = 0;
        DateOnly? firstDate = null, lastDate = null;
        void Add(string ticker, Bar b, decimal factor = 1m)
        {
            var line = factor == 1m
                ? string.Create(CultureInfo.InvariantCulture, $"{ticker},{b.Date:yyyy-MM-dd},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{ticker},{b.Date:yyyy-MM-dd},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume},{factor}\n");
            sha.AppendData(Encoding.UTF8.GetBytes(line));
            count++;
            if (firstDate is null || b.Date < firstDate) firstDate = b.Date;
            if (lastDate is null || b.Date > lastDate) lastDate = b.Date;
        }
        foreach (var (ticker, bars) in instruments.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var f = factors.GetValueOrDefault(ticker);
            for (var i = 0; i < bars.Count; i++) Add(ticker, bars[i], f?[i] ?? 1m);
        }
        foreach (var b in index) Add(MarketIndexes.Kospi, b);
        // Minute bars add a line each with their start time (so the same daily bars with other minutes hash differently).
        foreach (var (ticker, bars) in (minutes ?? new Dictionary<string, IReadOnlyList<Bar>>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            foreach (var b in bars)
            {
                sha.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{ticker},{b.Time.ToKst():yyyy-MM-ddTHH:mm},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume},{b.TradeValue}\n")));
                count++;
            }
        return new BacktestDataRange(firstDate!.Value, lastDate!.Value, count, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static void Validate(BacktestRequest request)
    {
        if (request.From > request.To) throw new BacktestInputException($"--from {request.From:yyyy-MM-dd} is after --to {request.To:yyyy-MM-dd}.");
        if (request.Resolution == BarResolution.Minute && request.CadenceMinutes is < 1 or > BacktestRequest.MaxCadenceMinutes)
            throw new BacktestInputException($"The decision cadence must be 1 to {BacktestRequest.MaxCadenceMinutes} minutes; {request.CadenceMinutes} given.");
        if (request.InitialCash <= 0) throw new BacktestInputException("The initial cash must be positive.");
        if (request.WarmUpDays < 0) throw new BacktestInputException("The warm-up cannot be negative.");
    }
}

/// <summary>A backtest request that cannot run on the data given (bad period, no bars, an unsupported option).</summary>
public sealed class BacktestInputException(string message) : Exception(message);
