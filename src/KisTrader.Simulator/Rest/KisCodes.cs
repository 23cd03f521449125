namespace KisTrader.Simulator.Rest;

/// <summary>A KIS answer code: rt_cd, msg_cd, msg1 and the HTTP status it travels with.</summary>
public sealed record KisCode(string RtCd, string MsgCd, string Message, int HttpStatus = 200)
{
    public bool Success => RtCd == "0";
    public KisCode WithMessage(string message) => this with { Message = message };
}

/// <summary>
/// Every code the simulator answers with. Sources: KIS_API.md §3.3, §5.2, §5.3, §6.3; where the
/// reference leaves the choice open the pick is documented in README.md.
/// </summary>
public static class KisCodes
{
    // Success (§3.3)
    public static readonly KisCode QuoteOk = new("0", "MCA00000", "정상처리 되었습니다.");
    public static readonly KisCode InquiryDone = new("0", "KIOK0510", "조회가 완료되었습니다");
    public static readonly KisCode InquiryLast = new("0", "KIOK0460", "조회 되었습니다. (마지막 자료)");
    public static readonly KisCode InquiryContinues = new("0", "KIOK0500", "조회가 계속됩니다..다음버튼을 Click 하십시오.");
    public static readonly KisCode InquiryOk = new("0", "KIOK0420", "정상적으로 조회되었습니다");
    public static readonly KisCode RealOrderOk = new("0", "APBK0013", "주문 전송 완료 되었습니다.");
    public static readonly KisCode PaperBuyOk = new("0", "40600000", "모의투자 매수주문이 완료 되었습니다.");
    public static readonly KisCode PaperSellOk = new("0", "40600000", "모의투자 매도주문이 완료 되었습니다.");
    public static readonly KisCode PaperAmendOk = new("0", "40600000", "모의투자 정정주문이 완료 되었습니다.");
    public static readonly KisCode PaperCancelOk = new("0", "40600000", "모의투자 취소주문이 완료 되었습니다.");

    // Gateway (§5.2): HTTP 500, except token issuance (403, OAuth-style body).
    public static readonly KisCode RateLimited = new("1", "EGW00201", "초당 거래건수를 초과하였습니다.", 500);
    public static readonly KisCode InvalidToken = new("1", "EGW00121", "유효하지 않은 token 입니다.", 500);
    public static readonly KisCode ExpiredToken = new("1", "EGW00123", "기간이 만료된 token 입니다.", 500);
    public static readonly KisCode NotBearer = new("1", "EGW00205", "credentials_type이 유효하지 않습니다.(Bearer)", 500);
    public static readonly KisCode AppKeyMissing = new("1", "EGW00102", "AppKey는 필수입니다.", 500);
    public static readonly KisCode AppKeyInvalid = new("1", "EGW00103", "유효하지 않은 AppKey입니다.", 500);
    public static readonly KisCode AppSecretMissing = new("1", "EGW00104", "AppSecret는 필수입니다.", 500);
    public static readonly KisCode AppSecretInvalid = new("1", "EGW00105", "유효하지 않은 AppSecret입니다.", 500);
    public static readonly KisCode InvalidHashkey = new("1", "EGW00131", "유효하지 않은 hashkey입니다.", 500);
    public static readonly KisCode InvalidCustType = new("1", "EGW00208", "고객유형(custtype)이 유효하지 않습니다.", 500);
    public static readonly KisCode ServerError = new("1", "EGW00002", "서버 에러가 발생하였습니다.", 500);
    public static readonly KisCode TokenTooSoon = new("1", "EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)", 403);
    public static readonly KisCode GrantTypeInvalid = new("1", "EGW00116", "grant_type이 유효하지 않습니다.", 403);

    // Query server (§5.3)
    public static readonly KisCode UnknownService = new("1", "OPSQ0002", "없는 서비스 코드 입니다");
    /// <summary>A real-only function called in paper mode (our pick: OPSQ0002 with an explicit message).</summary>
    public static readonly KisCode PaperUnsupported = new("1", "OPSQ0002", "모의투자에서는 해당업무가 제공되지 않습니다.");
    public static readonly KisCode InvalidAccount = new("2", "OPSQ2000", "ERROR : INPUT INVALID_CHECK_ACNO");
    public static readonly KisCode InvalidMarketDivision = new("2", "OPSQ2001", "ERROR : INPUT INVALID_CHECK_MRKT_DIV_CODE");
    public static readonly KisCode InvalidInquiryDivision = new("2", "OPSQ2001", "ERROR : INPUT INVALID_CHECK_INQR_DVSN");
    public static readonly KisCode InvalidField = new("2", "OPSQ2002", "ERROR : INPUT FIELD_LENGTH");
    public static readonly KisCode JsonError = new("2", "OPSQ9999", "JSON PARSING ERROR : invalid json");

    // Order rejects (§5.3; APBK codes disambiguated by msg1 as KIS does).
    public static readonly KisCode UnknownProduct = new("1", "APBK0656", "해당 종목정보가 없습니다.");
    public static readonly KisCode OffTick = new("1", "APBK0918", "호가단위가 올바르지 않습니다.");
    public static readonly KisCode OutsideLimits = new("1", "APBK0918", "주문가격이 상하한가 범위를 벗어났습니다.");
    public static readonly KisCode InsufficientCash = new("1", "APBK0919", "주문가능금액을 초과 했습니다");
    public static readonly KisCode InsufficientQuantity = new("1", "APBK0918", "주문가능수량을 초과 했습니다.");
    public static readonly KisCode InvalidQuantity = new("1", "APBK0918", "주문수량을 확인하여 주십시오.");
    public static readonly KisCode InvalidPrice = new("1", "APBK0918", "주문단가를 확인하여 주십시오.");
    public static readonly KisCode UnsupportedOrderDivision = new("1", "APBK0918", "해당 주문구분은 주문이 불가합니다.");
    public static readonly KisCode NoMarketLiquidity = new("1", "APBK1943", "시장가호가불가로 주문이 불가합니다.");
    public static readonly KisCode OrderNotFound = new("1", "APBK0918", "원주문번호가 존재하지 않습니다.");
    public static readonly KisCode NothingToModify = new("1", "APBK0918", "정정/취소할 수량이 없습니다.");
    public static readonly KisCode PaperMarketClosed = new("1", "40580000", "모의투자 장종료 입니다.");
    public static readonly KisCode PaperNotBusinessDay = new("1", "40100000", "모의투자 영업일이 아닙니다.");
    public static readonly KisCode RealMarketClosed = new("1", "APBK0918", "장운영시간이 아닙니다.");
    public static readonly KisCode RealNotBusinessDay = new("1", "APBK0918", "영업일이 아닙니다.");
}
