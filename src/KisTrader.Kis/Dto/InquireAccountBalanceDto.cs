using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>투자계좌자산현황조회 inquire_account_balance, CTRP6548R, real only (§4.6).</summary>
internal static class InquireAccountBalanceDto
{
    public const string Path = "/uapi/domestic-stock/v1/trading/inquire-account-balance";

    /// <summary>The 20 fixed rows of output1, in KIS' order.</summary>
    private static readonly string[] Categories =
    [
        "주식", "펀드/MMW", "IMA", "채권", "ELS/DLS", "WRAP", "신탁", "RP/발행어음", "해외주식", "해외채권",
        "금현물", "CD/CP", "전자단기사채", "타사상품", "외화전자단기사채", "외화ELS/DLS", "외화", "예수금", "청약자예수금", "합계",
    ];

    public static KisRequest Request(string trId, string cano, string productCode) =>
        KisRequest.Get(Path, trId, ("CANO", cano), ("ACNT_PRDT_CD", productCode), ("INQR_DVSN_1", ""), ("BSPR_BF_DT_APLY_YN", ""));

    public static AccountAssets Parse(KisResponse response)
    {
        // The spec table writes Output1/Output2, the example output1/output2: accept both.
        var rowsField = response.Body.TryGetProperty("output1", out _) ? "output1" : "Output1";
        var sumField = response.Body.TryGetProperty("output2", out _) ? "output2" : "Output2";
        var rows = response.Rows(rowsField);
        var classes = rows.Select((r, i) => new AssetClass(
                i,
                rows.Count == Categories.Length ? Categories[i] : null,
                r.DecimalOrZero("pchs_amt"),
                r.DecimalOrZero("evlu_amt"),
                r.DecimalOrZero("evlu_pfls_amt"),
                r.DecimalOrZero("crdt_lnd_amt"),
                r.DecimalOrZero("real_nass_amt"),
                r.DecimalOrZero("whol_weit_rt")))
            .ToList();
        var s = response.Object(sumField);
        return new AccountAssets(
            TotalAssets: s.Decimal("tot_asst_amt"),
            NetAssets: s.Decimal("nass_tot_amt"),
            PurchaseAmountTotal: s.DecimalOrZero("pchs_amt_smtl"),
            EvaluationAmountTotal: s.DecimalOrZero("evlu_amt_smtl"),
            UnrealizedPnlTotal: s.DecimalOrZero("evlu_pfls_amt_smtl"),
            LoanTotal: s.DecimalOrZero("loan_amt_smtl"),
            Deposit: s.DecimalOrZero("dncl_amt"),
            TotalDeposit: s.DecimalOrZero("tot_dncl_amt"),
            Classes: classes);
    }
}
