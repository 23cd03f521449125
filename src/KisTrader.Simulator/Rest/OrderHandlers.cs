using KisTrader.Core.Exchange;

namespace KisTrader.Simulator.Rest;

/// <summary>order_cash and order_rvsecncl (KIS_API.md §4.9, §4.10). The state is written before the answer.</summary>
internal sealed class OrderHandlers(SimContext sim)
{
    public KisResult OrderCash(KisRequest r)
    {
        var (account, error) = AccountHandlers.Resolve(sim, r, true, "CANO", "ACNT_PRDT_CD", "PDNO", "ORD_DVSN", "ORD_QTY", "ORD_UNPR");
        if (error is not null) return error;
        if (ExchangeReject(r) is { } venue) return venue;
        // sell TTTC0011U / VTTC0011U (old …0801U), buy …0012U (old …0802U)
        var side = r.TrId.EndsWith("0011U", StringComparison.Ordinal) || r.TrId.EndsWith("0801U", StringComparison.Ordinal) ? Side.Sell : Side.Buy;
        if (!long.TryParse(r.B("ORD_QTY"), out var qty)) return KisResult.Error(KisCodes.InvalidQuantity);
        if (!decimal.TryParse(r.B("ORD_UNPR"), out var price) || price < 0) return KisResult.Error(KisCodes.InvalidPrice);
        var outcome = sim.Exchange.PlaceOrder(account!, new OrderInput(r.B("PDNO"), side, r.B("ORD_DVSN"), qty, price));
        sim.Persist(); // an accepted order is on disk before the client hears of it
        return Answer(outcome);
    }

    public KisResult OrderRvsecncl(KisRequest r)
    {
        var (account, error) = AccountHandlers.Resolve(sim, r, true, "CANO", "ACNT_PRDT_CD", "KRX_FWDG_ORD_ORGNO", "ORGN_ODNO", "ORD_DVSN",
            "RVSE_CNCL_DVSN_CD", "ORD_QTY", "ORD_UNPR", "QTY_ALL_ORD_YN");
        if (error is not null) return error;
        if (ExchangeReject(r) is { } venue) return venue;
        var kind = r.B("RVSE_CNCL_DVSN_CD");
        if (kind is not ("01" or "02")) return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID RVSE_CNCL_DVSN_CD"));
        var all = r.B("QTY_ALL_ORD_YN");
        if (all is not ("Y" or "N")) return KisResult.Error(KisCodes.InvalidField.WithMessage("ERROR : INPUT INVALID QTY_ALL_ORD_YN"));
        if (!long.TryParse(r.B("ORD_QTY"), out var qty) || qty < 0) return KisResult.Error(KisCodes.InvalidQuantity);
        if (!decimal.TryParse(r.B("ORD_UNPR"), out var price) || price < 0) return KisResult.Error(KisCodes.InvalidPrice);
        var outcome = sim.Exchange.ModifyOrder(account!, new ModifyInput(r.B("KRX_FWDG_ORD_ORGNO"), r.B("ORGN_ODNO"), kind == "02", r.B("ORD_DVSN"), qty, price, all == "Y"));
        sim.Persist();
        return Answer(outcome);
    }

    /// <summary>Paper trading is KRX only; the simulator has only the KRX venue in real mode as well.</summary>
    private KisResult? ExchangeReject(KisRequest r)
    {
        var venue = r.B("EXCG_ID_DVSN_CD");
        if (venue is "" or "KRX") return null;
        if (!sim.Paper && venue == "SOR") return null; // SOR routes to KRX here
        return KisResult.Error(KisCodes.UnsupportedOrderDivision.WithMessage(sim.Paper ? "모의투자는 KRX만 주문 가능합니다." : "해당 거래소는 지원하지 않습니다."));
    }

    private static KisResult Answer(OrderOutcome outcome)
    {
        if (!outcome.Code.Success || outcome.Order is null) return KisResult.Error(outcome.Code);
        var o = outcome.Order;
        var result = new KisResult(outcome.Code) { IsAcceptedOrder = true };
        return result.With("output", Kj.Obj(("KRX_FWDG_ORD_ORGNO", o.OrgNo), ("ODNO", o.Odno), ("ORD_TMD", o.Time)));
    }
}
