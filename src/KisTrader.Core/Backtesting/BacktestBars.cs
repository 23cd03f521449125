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
        return FromRows(rows, request, instruments);
    }

    /// <summary>The backtest's bars from store rows; <paramref name="instruments"/> name each instrument's market and kind
    /// (the tick table, limits and sell tax; default KOSPI stock).</summary>
    public static BacktestBars FromRows(IReadOnlyList<HistoryBar> rows, BacktestRequest request, IEnumerable<BacktestInstrument>? instruments = null)
    {
        Validate(request);
        var byTicker = rows.Where(b => MarketIndexes.IsInstrumentCode(b.Ticker) && b.Resolution == BarResolution.Day)
            .GroupBy(b => b.Ticker, StringComparer.Ordinal)
            .Where(g => g.Any(b => b.Date >= request.From && b.Date <= request.To))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Bar>)[.. g.OrderBy(b => b.Time).Select(b => b.ToBar(adjusted: false))], StringComparer.Ordinal);
        if (request.Tickers is { Count: > 0 } tickers)
        {
            var missing = tickers.Where(x => !byTicker.ContainsKey(x)).ToList();
            if (missing.Count > 0)
                throw new BacktestInputException($"No daily bars between {request.From:yyyy-MM-dd} and {request.To:yyyy-MM-dd} for {string.Join(", ", missing)}.");
        }
        if (byTicker.Count == 0)
            throw new BacktestInputException($"No daily bars between {request.From:yyyy-MM-dd} and {request.To:yyyy-MM-dd}: import or collect history first.");
        var index = rows.Where(b => b.Ticker == MarketIndexes.Kospi && b.Resolution == BarResolution.Day).OrderBy(b => b.Time).Select(b => b.ToBar(adjusted: false)).ToList();
        BarHistory history;
        try
        {
            history = new BarHistory(byTicker, instruments);
        }
        catch (ArgumentException ex)
        {
            throw new BacktestInputException($"The stored bars cannot be replayed: {ex.Message}");
        }
        return new BacktestBars(history, index, RangeOf(byTicker, index));
    }

    /// <summary>The hash is over a canonical text of every bar (ticker, date, OHLC, volume; ordinal ticker order, oldest
    /// first), so it does not depend on how the store returned them.</summary>
    private static BacktestDataRange RangeOf(IReadOnlyDictionary<string, IReadOnlyList<Bar>> instruments, IReadOnlyList<Bar> index)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var count = 0;
        DateOnly? firstDate = null, lastDate = null;
        void Add(string ticker, Bar b)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{ticker},{b.Date:yyyy-MM-dd},{b.Open},{b.High},{b.Low},{b.Close},{b.Volume}\n");
            sha.AppendData(Encoding.UTF8.GetBytes(line));
            count++;
            if (firstDate is null || b.Date < firstDate) firstDate = b.Date;
            if (lastDate is null || b.Date > lastDate) lastDate = b.Date;
        }
        foreach (var (ticker, bars) in instruments.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            foreach (var b in bars) Add(ticker, b);
        foreach (var b in index) Add(MarketIndexes.Kospi, b);
        return new BacktestDataRange(firstDate!.Value, lastDate!.Value, count, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static void Validate(BacktestRequest request)
    {
        if (request.From > request.To) throw new BacktestInputException($"--from {request.From:yyyy-MM-dd} is after --to {request.To:yyyy-MM-dd}.");
        if (request.Resolution != BarResolution.Day)
            throw new BacktestInputException("Minute-resolution backtests are not available yet: use --resolution day.");
        if (request.InitialCash <= 0) throw new BacktestInputException("The initial cash must be positive.");
        if (request.WarmUpDays < 0) throw new BacktestInputException("The warm-up cannot be negative.");
    }
}

/// <summary>A backtest request that cannot run on the data given (bad period, no bars, an unsupported option).</summary>
public sealed class BacktestInputException(string message) : Exception(message);
