namespace KisTrader.Kis.Rest;

/// <summary>TR IDs per environment (KIS_API.md §3.1, §4). Paper and simulator use paper IDs.</summary>
internal sealed class KisTrIds(KisEnvironmentKind environment, bool legacyOrderIds)
{
    public const string InquirePrice = "FHKST01010100";
    public const string InquireCcnl = "FHKST01010300";
    public const string InquireDailyPrice = "FHKST01010400";
    public const string InquireDailyItemChartPrice = "FHKST03010100";
    public const string InquireTimeItemChartPrice = "FHKST03010200";
    public const string InquireDailyIndexChartPrice = "FHKUP03500100";
    public const string InquireAskingPrice = "FHKST01010200";
    public const string VolumeRank = "FHPST01710000";
    public const string Fluctuation = "FHPST01700000";

    public bool IsPaper => environment != KisEnvironmentKind.Real;

    public string InquireBalance => Env("TTTC8434R");
    public string InquireAccountBalance => Env("CTRP6548R");
    public string InquirePsblOrder => Env("TTTC8908R");
    public string InquirePsblSell => Env("TTTC8408R");
    public string InquirePeriodProfit => Env("TTTC8708R");
    public string OrderCashBuy => Env(legacyOrderIds ? "TTTC0802U" : "TTTC0012U");
    public string OrderCashSell => Env(legacyOrderIds ? "TTTC0801U" : "TTTC0011U");
    public string OrderRvseCncl => Env(legacyOrderIds ? "TTTC0803U" : "TTTC0013U");
    /// <summary>Orders of the last three months.</summary>
    public string InquireDailyCcldRecent => Env(legacyOrderIds ? "TTTC8001R" : "TTTC0081R");
    /// <summary>Orders older than three months.</summary>
    public string InquireDailyCcldOld => Env(legacyOrderIds ? "CTSC9115R" : "CTSC9215R");
    public string InquirePsblRvseCncl => Env(legacyOrderIds ? "TTTC8036R" : "TTTC0084R");

    /// <summary>The official wrapper's rule: a real TR ID starting with T, J or C becomes V + the rest in paper;
    /// quote TR IDs (F…, H…) are the same in both.</summary>
    public string Env(string realTrId) =>
        IsPaper && realTrId.Length > 1 && realTrId[0] is 'T' or 'J' or 'C' ? "V" + realTrId[1..] : realTrId;
}
