using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>매도가능수량조회 inquire_psbl_sell, TTTC8408R, real only (§4.8).</summary>
internal static class InquirePsblSellDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-psbl-sell";

    public static KisRequest Request(string trId, string cano, string productCode, string ticker) =>
        KisRequest.Get(Path, trId, ("CANO", cano), ("ACNT_PRDT_CD", productCode), ("PDNO", ticker));

    public static SellableQuantity Parse(KisResponse response, string ticker)
    {
        // The spec table says output1, the example output: accept either.
        var o = response.Body.TryGetProperty("output", out _) ? response.Object("output") : response.Object("output1");
        return new SellableQuantity(ticker, o.Long("ord_psbl_qty"), DataSource.Broker);
    }
}
