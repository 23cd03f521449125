using KisTrader.Core.Portfolio;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>주식잔고조회 inquire_balance, TTTC8434R / VTTC8434R (§4.5): paged (real 50, paper 20 rows).</summary>
internal static class InquireBalanceDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-balance";

    public static KisRequest Request(string trId, string cano, string productCode) =>
        KisRequest.Get(Path, trId,
            ("CANO", cano),
            ("ACNT_PRDT_CD", productCode),
            ("AFHR_FLPR_YN", "N"),
            ("OFL_YN", ""),
            ("INQR_DVSN", "01"), // 02 is rejected since 2026-02-10 (OPSQ2001)
            ("UNPR_DVSN", "01"),
            ("FUND_STTL_ICLD_YN", "N"),
            ("FNCG_AMT_AUTO_RDPT_YN", "N"),
            ("PRCS_DVSN", "00"),
            ("CTX_AREA_FK100", ""),
            ("CTX_AREA_NK100", ""));

    /// <summary>Holdings from every page (rows with zero quantity, sold today, are left out); the summary from the last page.</summary>
    public static AccountBalance Parse(IReadOnlyList<KisResponse> pages)
    {
        var holdings = pages.SelectMany(p => p.Rows("output1"))
            .Where(r => !string.IsNullOrEmpty(r.OptionalString("pdno")))
            .Select(ParseHolding)
            .Where(h => h.Quantity > 0)
            .ToList();
        var s = pages[^1].Object("output2");
        return new AccountBalance(
            Cash: s.Decimal("dnca_tot_amt"),
            CashD2: s.Decimal("prvs_rcdl_excc_amt"),
            SecuritiesValue: s.DecimalOrZero("scts_evlu_amt"),
            TotalEquity: s.Decimal("tot_evlu_amt"),
            NetAssets: s.DecimalOrZero("nass_amt"),
            PurchaseAmountTotal: s.DecimalOrZero("pchs_amt_smtl_amt"),
            UnrealizedPnlTotal: s.DecimalOrZero("evlu_pfls_smtl_amt"),
            Holdings: holdings);
    }

    public static Holding ParseHolding(KisRow r) => new(
        Ticker: r.String("pdno"),
        Name: r.OptionalString("prdt_name") ?? "",
        Quantity: r.Long("hldg_qty"),
        SellableQuantity: r.Long("ord_psbl_qty"),
        AveragePrice: r.Decimal("pchs_avg_pric"),
        PurchaseAmount: r.DecimalOrZero("pchs_amt"),
        CurrentPrice: r.Decimal("prpr"),
        EvaluationAmount: r.DecimalOrZero("evlu_amt"),
        UnrealizedPnl: r.DecimalOrZero("evlu_pfls_amt"),
        UnrealizedPnlRatePercent: r.DecimalOrZero("evlu_pfls_rt"));
}
