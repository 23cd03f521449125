namespace KisTrader.Core.History;

/// <summary>Index bars live in the same store as instruments, under KIS's four-digit index codes (업종 코드): KOSPI
/// "0001", KOSDAQ "1001". Instrument codes are six characters, so the length alone tells them apart: a four-digit code
/// is an index, its prices are points (two decimals allowed) and no tick grid applies.</summary>
public static class MarketIndexes
{
    public const string Kospi = "0001";
    public const string Kosdaq = "1001";

    public static readonly IReadOnlyList<string> All = [Kospi, Kosdaq];

    public static bool IsIndex(string ticker) => ticker.Length == 4 && ticker.All(char.IsAsciiDigit);

    /// <summary>A six-character KRX instrument code (digits and capital letters, e.g. "005930", "0000J0").</summary>
    public static bool IsInstrumentCode(string ticker) => ticker.Length == 6 && ticker.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));
}
