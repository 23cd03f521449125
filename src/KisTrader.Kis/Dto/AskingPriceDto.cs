using KisTrader.Core.Market;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>
/// 호가/예상체결 inquire_asking_price_exp_ccn, FHKST01010200. KIS_API.md lists only the path and TR ID; the fields are
/// KIS' published output1 names (aspr_acpt_hour, askp1..10, bidp1..10, askp_rsqn1..10, bidp_rsqn1..10,
/// total_askp_rsqn, total_bidp_rsqn), the same levels as H0STASP0 (§6.7); they should be added to KIS_API.md.
/// </summary>
internal static class AskingPriceDto
{
    public const string Path = "/uapi/domestic-stock/v1/quotations/inquire-asking-price-exp-ccn";
    private const int Levels = 10;

    public static KisRequest Request(string ticker) =>
        KisRequest.Get(Path, KisTrIds.InquireAskingPrice, ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", ticker));

    public static OrderBookSnapshot Parse(KisResponse response, string ticker, DateTimeOffset now)
    {
        var o = response.Object("output1");
        // An unknown code is answered rt_cd 0 with an empty book object (python-kis: no askp1 = not found).
        if (!o.Has("askp1")) throw new KisInstrumentNotFoundException(response.TrId, ticker);
        var asks = new List<BookLevel>();
        var bids = new List<BookLevel>();
        for (var i = 1; i <= Levels; i++)
        {
            // Empty levels (price 0) are left out: the book is best-first and dense.
            var ask = o.Decimal($"askp{i}");
            if (ask > 0) asks.Add(new BookLevel(ask, o.Long($"askp_rsqn{i}")));
            var bid = o.Decimal($"bidp{i}");
            if (bid > 0) bids.Add(new BookLevel(bid, o.Long($"bidp_rsqn{i}")));
        }
        var time = now;
        if (o.OptionalString("aspr_acpt_hour") is { Length: > 0 })
            time = new DateTimeOffset(DateOnly.FromDateTime(now.ToKst().DateTime).ToDateTime(o.Time("aspr_acpt_hour")), KoreaTime.Offset);
        return new OrderBookSnapshot(ticker, time, asks, bids, o.LongOrZero("total_askp_rsqn"), o.LongOrZero("total_bidp_rsqn"));
    }
}
