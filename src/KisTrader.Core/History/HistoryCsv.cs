using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>The documented CSV layout for daily bars: a header row <c>code,date,open,high,low,close,volume</c>, then one
/// row per instrument and day; date <c>yyyy-MM-dd</c>; prices and volume whole numbers (KRW, no thousands separators).
/// Index codes (<see cref="MarketIndexes"/>) may carry prices in points with up to two decimals. Fields may be wrapped in
/// double quotes. The whole file is read and checked before anything is returned: one bad row and no bar is returned.
/// Two optional columns may follow <c>volume</c>, in either order: <c>adj_close</c> (the close adjusted for later splits:
/// the row's adjusted open, high and low are its raw ones scaled by adj_close ÷ close; without the column adjusted prices
/// equal the raw ones) and <c>market</c> (KOSPI, KOSDAQ or KONEX: decides the tick table, limits and sell tax in a
/// backtest; without it the instrument's stored market is kept, KOSPI when none is known).</summary>
public static class HistoryCsv
{
    public const string Header = "code,date,open,high,low,close,volume";
    public static readonly string[] Columns = ["code", "date", "open", "high", "low", "close", "volume"];
    public const string SourcePrefix = "csv:";
    public const string AdjustedCloseColumn = "adj_close";
    public const string MarketColumn = "market";

    /// <summary>Reads and validates the whole file. Imported bars get source <c>csv:&lt;file name&gt;</c>, adjusted
    /// prices equal to the raw ones, traded value 0 (not in the layout: unknown).</summary>
    public static HistoryCsvResult Parse(TextReader reader, string fileName, DateTimeOffset collectedAt)
    {
        var source = SourcePrefix + Path.GetFileName(fileName);
        // A very long file name is cut to what the store keeps rather than refusing a good file.
        if (source.Length > HistoryBar.MaxSourceLength) source = source[..HistoryBar.MaxSourceLength];
        var bars = new List<HistoryBar>();
        var errors = new List<HistoryCsvError>();
        var firstLineOf = new Dictionary<(string, DateOnly), int>();
        var lineNo = 0;
        var sawHeader = false;
        var layout = new Layout(Columns.Length, null, null);
        var markets = new Dictionary<string, (KrxMarket Market, int Line)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (!sawHeader)
            {
                sawHeader = true;
                var header = Split(line.TrimStart('\uFEFF')).Select(h => h.ToLowerInvariant()).ToArray();
                var extra = header.Skip(Columns.Length).ToList();
                if (header.Length < Columns.Length || !header.Take(Columns.Length).SequenceEqual(Columns)
                    || extra.Any(c => c is not (AdjustedCloseColumn or MarketColumn)) || extra.Distinct().Count() != extra.Count)
                {
                    errors.Add(new HistoryCsvError(lineNo, $"the header must be '{Header}', optionally followed by {AdjustedCloseColumn} and/or {MarketColumn} (found '{line}')"));
                    return new HistoryCsvResult([], errors);
                }
                layout = new Layout(header.Length, extra.IndexOf(AdjustedCloseColumn) is >= 0 and var a ? Columns.Length + a : null,
                    extra.IndexOf(MarketColumn) is >= 0 and var m ? Columns.Length + m : null);
                continue;
            }
            if (string.IsNullOrWhiteSpace(line)) continue;
            var row = ParseRow(line, layout, source, collectedAt);
            if (row.Reason is { } reason)
            {
                errors.Add(new HistoryCsvError(lineNo, reason));
                continue;
            }
            var bar = row.Bar!;
            if (firstLineOf.TryGetValue((bar.Ticker, bar.Date), out var first))
            {
                errors.Add(new HistoryCsvError(lineNo, $"duplicate of line {first}: {bar.Ticker} {bar.Date:yyyy-MM-dd} appears twice"));
                continue;
            }
            if (row.Market is { } market)
            {
                if (markets.TryGetValue(bar.Ticker, out var known) && known.Market != market)
                {
                    errors.Add(new HistoryCsvError(lineNo, $"market {Name(market)} of {bar.Ticker} contradicts {Name(known.Market)} on line {known.Line}"));
                    continue;
                }
                markets.TryAdd(bar.Ticker, (market, lineNo));
            }
            firstLineOf[(bar.Ticker, bar.Date)] = lineNo;
            bars.Add(bar);
        }
        if (!sawHeader) errors.Add(new HistoryCsvError(1, $"the file is empty: the first line must be the header '{Header}'"));
        return errors.Count > 0
            ? new HistoryCsvResult([], errors)
            : new HistoryCsvResult(bars, errors) { Markets = markets.ToDictionary(kv => kv.Key, kv => kv.Value.Market, StringComparer.Ordinal) };
    }

    /// <summary>How many fields a row has and where the optional columns are.</summary>
    private sealed record Layout(int Fields, int? AdjustedClose, int? Market);

    private sealed record RowOutcome(HistoryBar? Bar, string? Reason, KrxMarket? Market = null);

    /// <summary>KOSPI, KOSDAQ or KONEX (any case), or null.</summary>
    public static KrxMarket? ParseMarket(string text) => text.ToUpperInvariant() switch
    {
        "KOSPI" => KrxMarket.Kospi,
        "KOSDAQ" => KrxMarket.Kosdaq,
        "KONEX" => KrxMarket.Konex,
        _ => null,
    };

    public static string Name(KrxMarket market) => market.ToString().ToUpperInvariant();

    private static RowOutcome ParseRow(string line, Layout layout, string source, DateTimeOffset collectedAt)
    {
        var f = Split(line);
        if (f.Length != layout.Fields)
            return new(null, $"expected {layout.Fields} fields as in the header, found {f.Length}");
        var code = f[0];
        if (!MarketIndexes.IsInstrumentCode(code) && !MarketIndexes.IsIndex(code))
            return new(null, $"code '{code}' is neither a six-character instrument code nor a four-digit index code");
        if (!DateOnly.TryParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new(null, $"date '{f[1]}' is not in the format yyyy-MM-dd");
        var isIndex = MarketIndexes.IsIndex(code);
        var prices = new decimal[4];
        for (var i = 0; i < 4; i++)
        {
            var name = Columns[2 + i];
            if (!TryPrice(f[2 + i], isIndex, out prices[i]))
                return new(null, isIndex
                    ? $"{name} '{f[2 + i]}' is not a positive number of index points with at most two decimals"
                    : $"{name} '{f[2 + i]}' is not a positive whole number of won");
        }
        var (open, high, low, close) = (prices[0], prices[1], prices[2], prices[3]);
        if (!long.TryParse(f[6], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var volume))
            return new(null, $"volume '{f[6]}' is not a whole number");
        if (volume < 0)
            return new(null, $"volume {volume} is negative");
        if (high < low)
            return new(null, $"high {f[3]} is below low {f[4]}");
        if (open < low || open > high)
            return new(null, $"open {f[2]} is outside the day's range low {f[4]} – high {f[3]}");
        if (close < low || close > high)
            return new(null, $"close {f[5]} is outside the day's range low {f[4]} – high {f[3]}");
        for (var i = 0; i < 4; i++)
            if (!HistoryTickGrid.IsOnGrid(code, prices[i], date))
                return new(null, $"{Columns[2 + i]} {f[2 + i]} is off the KRX tick grid in force on {date:yyyy-MM-dd}");
        KrxMarket? market = null;
        if (layout.Market is { } mi && f[mi].Length > 0)
        {
            if (isIndex) return new(null, $"index {code} has no market: leave the market field empty");
            market = ParseMarket(f[mi]);
            if (market is null) return new(null, $"market '{f[mi]}' is not KOSPI, KOSDAQ or KONEX");
        }
        var bar = HistoryBar.Daily(code, date, open, high, low, close, volume, 0m, source, collectedAt);
        if (layout.AdjustedClose is { } ai && f[ai].Length > 0)
        {
            if (!decimal.TryParse(f[ai], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var adjClose) || adjClose <= 0)
                return new(null, $"adj_close '{f[ai]}' is not a positive number");
            var factor = adjClose / close;
            bar = bar with
            {
                AdjustedOpen = Math.Round(open * factor, 2), AdjustedHigh = Math.Round(high * factor, 2),
                AdjustedLow = Math.Round(low * factor, 2), AdjustedClose = adjClose,
            };
        }
        return new(bar, null, market);
    }

    private static bool TryPrice(string text, bool isIndex, out decimal value)
    {
        value = 0;
        if (isIndex)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return false;
            return value > 0 && value.Scale <= 2;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var won)) return false;
        value = won;
        return won > 0;
    }

    private static string[] Split(string line) =>
        [.. line.Split(',').Select(s => s.Trim()).Select(s => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1].Trim() : s)];

    /// <summary>Writes <paramref name="bars"/> (daily) in the same layout, raw prices or, with <paramref name="adjusted"/>,
    /// the adjusted ones (rounded to whole won for instruments; index points keep two decimals).</summary>
    public static void Write(TextWriter writer, IEnumerable<HistoryBar> bars, bool adjusted = false)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var b in bars)
        {
            var isIndex = MarketIndexes.IsIndex(b.Ticker);
            writer.Write(b.Ticker);
            writer.Write(',');
            writer.Write(b.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var p in adjusted ? [b.AdjustedOpen, b.AdjustedHigh, b.AdjustedLow, b.AdjustedClose] : new[] { b.Open, b.High, b.Low, b.Close })
            {
                writer.Write(',');
                writer.Write(FormatPrice(p, isIndex));
            }
            writer.Write(',');
            writer.Write(b.Volume.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    private static string FormatPrice(decimal p, bool isIndex) => isIndex
        ? Math.Round(p, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture)
        : Math.Round(p, 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
}

/// <summary>A refused row: its 1-based line number in the file and why.</summary>
public sealed record HistoryCsvError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>The bars of a file that passed every check, or (when any row failed) no bars and every refused row.</summary>
public sealed record HistoryCsvResult(IReadOnlyList<HistoryBar> Bars, IReadOnlyList<HistoryCsvError> Errors)
{
    public bool Ok => Errors.Count == 0;

    /// <summary>The market of each instrument whose rows name one (the optional <c>market</c> column).</summary>
    public IReadOnlyDictionary<string, KrxMarket> Markets { get; init; } = new Dictionary<string, KrxMarket>();
}
