namespace KisTrader.Core.Market.Candidates;

/// <summary>What a ranking row must pass to become a candidate. The ranking rows carry a code, a name, the price, the
/// day's change, volume and (volume ranking only) traded value, so the screen works from those:
/// <list type="bullet">
/// <item>common shares only: a KRX short code's last character is the share class (0 common; 5, 7, 9, K, L… preferred and
/// other classes); the name (…우, …우B) is not used, since common names can end the same way;</item>
/// <item>no ETF, ETN or SPAC: by the fund brands' name prefixes, "ETN" in the name or a Q-prefixed code, and 스팩 in the name;</item>
/// <item>trading: a positive price and volume today (a suspended issue has neither);</item>
/// <item>not at or near a daily price limit: the day's move within ±<see cref="CandidateOptions.MaxAbsChangePercent"/>;</item>
/// <item>liquid: price at least <see cref="CandidateOptions.MinPrice"/> and traded value today at least
/// <see cref="CandidateOptions.MinTradeValue"/> (price × volume when the ranking does not give it).</item>
/// </list>
/// Heuristic by necessity (the rankings do not say the instrument type); the risk engine judges every order anyway.</summary>
public static class InstrumentScreen
{
    private static readonly string[] FundBrands =
    [
        "KODEX", "TIGER", "KBSTAR", "RISE", "ARIRANG", "HANARO", "KOSEF", "ACE", "SOL", "PLUS", "KIWOOM", "TIMEFOLIO", "WOORI",
        "FOCUS", "TREX", "SMART", "MASTER", "HK", "BNK", "VITA", "UNICORN", "ITF", "1Q", "DAISHIN343", "마이티", "파워", "에셋플러스",
    ];

    /// <summary>Null when <paramref name="entry"/> may be a candidate; else the screen that refused it ("etf/etn",
    /// "spac", "preferred", "not trading", "price limit", "illiquid").</summary>
    public static string? Refuse(RankingEntry entry, CandidateOptions options)
    {
        var code = entry.Ticker;
        var name = (entry.Name ?? "").Trim();
        if (code.StartsWith('Q') || name.Contains("ETN", StringComparison.OrdinalIgnoreCase)
            || FundBrands.Any(b => name.StartsWith(b + " ", StringComparison.OrdinalIgnoreCase) || name.Equals(b, StringComparison.OrdinalIgnoreCase)))
            return "etf/etn";
        if (name.Contains("스팩", StringComparison.Ordinal) || name.Contains("SPAC", StringComparison.OrdinalIgnoreCase)) return "spac";
        if (code.Length != 6 || !code.All(char.IsAsciiLetterOrDigit)) return "not a stock code";
        if (code[^1] != '0') return "preferred";
        if (entry.Price <= 0 || entry.Volume <= 0) return "not trading";
        if (Math.Abs(entry.ChangeRatePercent) >= options.MaxAbsChangePercent) return "price limit";
        var value = entry.TradeValue > 0 ? entry.TradeValue : entry.Price * entry.Volume;
        if (entry.Price < options.MinPrice || value < options.MinTradeValue) return "illiquid";
        return null;
    }
}
