using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>H0STCNT0 record → <see cref="Tick"/> (field positions per KIS_API.md §6.6; 46 fields, more tolerated). Reads
/// the fields in place; the ticker comes from a pool, so a record allocates only its <see cref="Tick"/>.</summary>
public static class TradeTickParser
{
    public const int MinFields = 46;

    private const int Code = 0, CntgHour = 1, Prpr = 2, PrdyVrssSign = 3, PrdyVrss = 4, PrdyCtrt = 5;
    private const int Oprc = 7, Hgpr = 8, Lwpr = 9, Askp1 = 10, Bidp1 = 11, CntgVol = 12, AcmlVol = 13, AcmlTrPbmn = 14;
    private const int Cttr = 18, CcldDvsn = 21, BsopDate = 33, TrhtYn = 35;

    /// <param name="fallbackDate">KST trading date used when BSOP_DATE is empty.</param>
    public static Tick Parse(FieldRecord r, DateOnly fallbackDate)
    {
        if (r.Count < MinFields)
            throw new MalformedFrameException($"{RealtimeTrIds.Trades}: {r.Count} fields, at least {MinFields} expected");
        var ticker = r.RequiredPooledText(Code, "MKSC_SHRN_ISCD");
        var date = r.OptionalDate(BsopDate, "BSOP_DATE") ?? fallbackDate;
        var time = r.Time(CntgHour, "STCK_CNTG_HOUR");
        var price = r.OptionalDecimal(Prpr, "STCK_PRPR") ?? throw new MalformedFrameException("STCK_PRPR (field 2) is empty");
        var declining = r.Is(PrdyVrssSign, "4") || r.Is(PrdyVrssSign, "5");
        return new Tick(
            Ticker: ticker,
            Time: new DateTimeOffset(date.ToDateTime(time), KoreaTime.Offset),
            Price: price,
            Change: Signed(r.Decimal(PrdyVrss, "PRDY_VRSS"), declining),
            ChangeRatePercent: Signed(r.Decimal(PrdyCtrt, "PRDY_CTRT"), declining),
            Open: r.Decimal(Oprc, "STCK_OPRC"),
            High: r.Decimal(Hgpr, "STCK_HGPR"),
            Low: r.Decimal(Lwpr, "STCK_LWPR"),
            Volume: r.Long(CntgVol, "CNTG_VOL"),
            CumulativeVolume: r.Long(AcmlVol, "ACML_VOL"),
            CumulativeValue: r.Decimal(AcmlTrPbmn, "ACML_TR_PBMN"),
            BestAsk: r.Decimal(Askp1, "ASKP1"),
            BestBid: r.Decimal(Bidp1, "BIDP1"),
            TradeIntensity: r.Decimal(Cttr, "CTTR"),
            // 3 = pre-market, or not given: no aggressor.
            Aggressor: r.Is(CcldDvsn, "1") ? Side.Buy : r.Is(CcldDvsn, "5") ? Side.Sell : null,
            Halted: r.Is(TrhtYn, "Y", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>KIS normally signs PRDY_VRSS itself; a feed that sends it unsigned with sign 4 (하한) / 5 (하락) still reads as a decline.</summary>
    internal static decimal Signed(decimal value, string? sign) => Signed(value, sign is "4" or "5");

    private static decimal Signed(decimal value, bool declining) => value > 0 && declining ? -value : value;
}
