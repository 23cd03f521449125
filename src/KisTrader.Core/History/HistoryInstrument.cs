using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>What the history store knows about an instrument besides its bars: the market it is listed on (the tick
/// table, the price limits and the sell tax of a backtest follow it), where that came from ("kis", "simulator",
/// "csv:&lt;file name&gt;") and when. An instrument without a row is taken for KOSPI.</summary>
public sealed record HistoryInstrument(string Ticker, KrxMarket Market, string Source, DateTimeOffset UpdatedAt)
{
    /// <summary>The market KIS's inquire_price names in rprs_mrkt_kor_name (대표시장한글명: "KOSPI", "KOSPI200", "KOSDAQ",
    /// "KOSDAQ150", "KONEX", ...), or null when the name says none of them.</summary>
    public static KrxMarket? MarketFromKisName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var n = name.Trim().ToUpperInvariant();
        if (n.StartsWith("KOSDAQ", StringComparison.Ordinal) || n.StartsWith("KSQ", StringComparison.Ordinal) || n.Contains("코스닥", StringComparison.Ordinal)) return KrxMarket.Kosdaq;
        if (n.StartsWith("KONEX", StringComparison.Ordinal) || n.Contains("코넥스", StringComparison.Ordinal)) return KrxMarket.Konex;
        if (n.StartsWith("KOSPI", StringComparison.Ordinal) || n.Contains("코스피", StringComparison.Ordinal) || n.Contains("유가", StringComparison.Ordinal)) return KrxMarket.Kospi;
        return null;
    }
}
