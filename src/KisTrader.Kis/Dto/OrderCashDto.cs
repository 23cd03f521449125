using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식주문(현금) order_cash (§4.9). POST body keys are upper-case, numbers are strings.</summary>
internal static class OrderCashDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/order-cash";

    public static KisRequest Request(string trId, string cano, string productCode, OrderRequest order)
    {
        if (order.Quantity <= 0) throw new ArgumentOutOfRangeException(nameof(order), order.Quantity, "An order quantity must be positive.");
        var needsPrice = OrderCodes.NeedsPrice(order.Type);
        if (needsPrice && order.Price is not > 0) throw new ArgumentException($"A {order.Type} order needs a positive price.", nameof(order));
        var body = new Dictionary<string, string>
        {
            ["CANO"] = cano,
            ["ACNT_PRDT_CD"] = productCode,
            ["PDNO"] = order.Ticker,
        };
        if (order.Side == Side.Sell) body["SLL_TYPE"] = "01"; // 일반매도
        body["ORD_DVSN"] = OrderCodes.OrderDivision(order.Type);
        body["ORD_QTY"] = OrderCodes.Number(order.Quantity);
        body["ORD_UNPR"] = needsPrice ? OrderCodes.Number(order.Price!.Value) : "0";
        return KisRequest.Post(Path, trId, JsonSerializer.Serialize(body));
    }

    /// <summary>output: KRX_FWDG_ORD_ORGNO + ODNO (both needed to amend or cancel) and ORD_TMD (upper-case keys).</summary>
    public static OrderSubmission ParseAccepted(KisResponse response)
    {
        var o = response.Object("output");
        var orgNo = o.String("KRX_FWDG_ORD_ORGNO");
        var orderNo = o.String("ODNO");
        if (orderNo.Length == 0) throw new KisResponseFormatException(response.TrId, "ODNO", "is blank");
        TimeOnly? at = o.OptionalString("ORD_TMD") is { Length: > 0 } ? o.Time("ORD_TMD") : null;
        return new OrderSubmission(SubmissionStatus.Accepted, new BrokerOrderId(orgNo, orderNo), at, response.MsgCd, response.Msg1);
    }
}
