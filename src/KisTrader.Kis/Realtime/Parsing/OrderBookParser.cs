using KisTrader.Core.Market;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>H0STASP0 record → <see cref="OrderBookSnapshot"/> (KIS_API.md §6.7; 59 fields, up to 63 seen, more tolerated).</summary>
public static class OrderBookParser
{
    public const int MinFields = 59;
    private const int Levels = 10;

    private const int Code = 0, BsopHour = 1, Askp1 = 3, Bidp1 = 13, AskpRsqn1 = 23, BidpRsqn1 = 33;
    private const int TotalAskpRsqn = 43, TotalBidpRsqn = 44;

    /// <param name="tradingDate">KST date of the frame (H0STASP0 carries only a time).</param>
    public static OrderBookSnapshot Parse(FieldRecord r, DateOnly tradingDate)
    {
        if (r.Count < MinFields)
            throw new MalformedFrameException($"{RealtimeTrIds.OrderBook}: {r.Count} fields, at least {MinFields} expected");
        var ticker = r.RequiredText(Code, "MKSC_SHRN_ISCD");
        var time = r.Time(BsopHour, "BSOP_HOUR");
        return new OrderBookSnapshot(
            ticker,
            new DateTimeOffset(tradingDate.ToDateTime(time), KoreaTime.Offset),
            ReadSide(r, Askp1, AskpRsqn1, "ASKP", "ASKP_RSQN"),
            ReadSide(r, Bidp1, BidpRsqn1, "BIDP", "BIDP_RSQN"),
            r.Long(TotalAskpRsqn, "TOTAL_ASKP_RSQN"),
            r.Long(TotalBidpRsqn, "TOTAL_BIDP_RSQN"));
    }

    /// <summary>Levels best first; a level without a price (thin book, limit price reached) is left out.</summary>
    private static List<BookLevel> ReadSide(FieldRecord r, int firstPrice, int firstQuantity, string priceName, string quantityName)
    {
        var levels = new List<BookLevel>(Levels);
        for (var i = 0; i < Levels; i++)
        {
            var price = r.Decimal(firstPrice + i, priceName + (i + 1));
            var quantity = r.Long(firstQuantity + i, quantityName + (i + 1));
            if (price > 0)
                levels.Add(new BookLevel(price, quantity));
        }
        return levels;
    }
}
