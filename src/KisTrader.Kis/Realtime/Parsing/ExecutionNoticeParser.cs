using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>H0STCNI0 / H0STCNI9 record (already decrypted) → <see cref="ExecutionNotice"/> (KIS_API.md §6.8).
/// Two layouts exist: the current 26-field one and the legacy 23-field one; fields 0–16 are the same in both.</summary>
public static class ExecutionNoticeParser
{
    public const int LegacyFields = 23;
    public const int CurrentFields = 26;

    private const int AcntNo = 1, OderNo = 2, OoderNo = 3, SelnByovCls = 4, RctfCls = 5, StckShrnIscd = 8;
    private const int CntgQty = 9, CntgUnpr = 10, StckCntgHour = 11, RfusYn = 12, CntgYn = 13, BrncNo = 15, OderQty = 16;

    public enum Layout
    {
        Legacy23,
        Current26,
    }

    /// <summary>The layout of records with <paramref name="fieldsPerRecord"/> fields: 26 or more is the current layout
    /// (extra trailing fields tolerated); 23–25 the legacy one.</summary>
    public static Layout LayoutFor(int fieldsPerRecord) => fieldsPerRecord switch
    {
        >= CurrentFields => Layout.Current26,
        >= LegacyFields => Layout.Legacy23,
        _ => throw new MalformedFrameException($"execution notice: {fieldsPerRecord} fields per record, 23 or 26 expected"),
    };

    public static ExecutionNotice Parse(FieldRecord r)
    {
        var layout = LayoutFor(r.Count);
        var (nameIndex, orderPriceIndex) = layout == Layout.Current26 ? (24, 25) : (21, 22);

        var kind = r.Text(CntgYn) switch
        {
            "2" => NoticeKind.Fill,
            "1" => NoticeKind.OrderAck,
            _ => throw new MalformedFrameException($"CNTG_YN (field {CntgYn}) is neither 1 nor 2"),
        };
        var side = r.Text(SelnByovCls) switch
        {
            "01" or "1" => Side.Sell,
            "02" or "2" => Side.Buy,
            _ => throw new MalformedFrameException($"SELN_BYOV_CLS (field {SelnByovCls}) is neither 01 nor 02"),
        };
        var modification = r.Text(RctfCls) switch
        {
            null or "0" => ModificationKind.Original,
            "1" => ModificationKind.Amend,
            "2" => ModificationKind.Cancel,
            _ => throw new MalformedFrameException($"RCTF_CLS (field {RctfCls}) is not 0, 1 or 2"),
        };

        // For fills slots 9/10 are the fill; for acknowledgements KIS reuses them for the order's quantity/price.
        var quantity = r.Long(CntgQty, "CNTG_QTY");
        var price = r.Decimal(CntgUnpr, "CNTG_UNPR");
        var orderQuantity = r.Long(OderQty, "ODER_QTY");
        var orderPrice = r.Decimal(orderPriceIndex, "ODER_PRC");
        if (kind == NoticeKind.OrderAck)
        {
            if (orderQuantity == 0)
                orderQuantity = quantity;
            if (orderPrice == 0)
                orderPrice = price;
        }

        return new ExecutionNotice(
            AccountNo: r.RequiredText(AcntNo, "ACNT_NO"),
            OrderNo: r.RequiredText(OderNo, "ODER_NO"),
            OriginalOrderNo: OriginalOrderNo(r.Text(OoderNo)),
            Side: side,
            Modification: modification,
            Kind: kind,
            Refused: r.Text(RfusYn) == "1",
            Ticker: r.RequiredText(StckShrnIscd, "STCK_SHRN_ISCD"),
            Name: r.Text(nameIndex) ?? (layout == Layout.Legacy23 ? r.Text(18) : null),
            Quantity: quantity,
            Price: price,
            OrderQuantity: orderQuantity,
            OrderPrice: orderPrice,
            Time: r.Time(StckCntgHour, "STCK_CNTG_HOUR"),
            BranchNo: r.Text(BrncNo) ?? "");
    }

    /// <summary>An original order number of all zeros means "none" (a new order).</summary>
    private static string? OriginalOrderNo(string? text) =>
        text is null || text.All(c => c == '0') ? null : text;
}
