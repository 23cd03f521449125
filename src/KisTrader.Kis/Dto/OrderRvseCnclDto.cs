using System.Text.Json;
using KisTrader.Core.Orders;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식주문(정정취소) order_rvsecncl (§4.10). The answer carries the NEW order number of the amend/cancel order.</summary>
internal static class OrderRvseCnclDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/order-rvsecncl";

    public static KisRequest Request(string trId, string cano, string productCode, ModifyRequest request, bool cancel)
    {
        if (request.Quantity is <= 0) throw new ArgumentOutOfRangeException(nameof(request), request.Quantity, "A quantity must be positive (null = all that remains).");
        var all = request.Quantity is null;
        var priced = !cancel && OrderCodes.NeedsPrice(request.Type);
        if (priced && request.Price is not > 0) throw new ArgumentException($"Amending to a {request.Type} order needs a positive price.", nameof(request));
        var body = new Dictionary<string, string>
        {
            ["CANO"] = cano,
            ["ACNT_PRDT_CD"] = productCode,
            ["KRX_FWDG_ORD_ORGNO"] = request.Original.OrgNo,
            ["ORGN_ODNO"] = request.Original.OrderNo,
            ["ORD_DVSN"] = cancel ? "00" : OrderCodes.OrderDivision(request.Type),
            ["RVSE_CNCL_DVSN_CD"] = cancel ? "02" : "01",
            ["ORD_QTY"] = all ? "0" : OrderCodes.Number(request.Quantity!.Value),
            ["ORD_UNPR"] = priced ? OrderCodes.Number(request.Price!.Value) : "0",
            ["QTY_ALL_ORD_YN"] = all ? "Y" : "N",
        };
        return KisRequest.Post(Path, trId, JsonSerializer.Serialize(body));
    }

    public static OrderSubmission ParseAccepted(KisResponse response) => OrderCashDto.ParseAccepted(response);
}
