using KisTrader.Core.Errors;

namespace KisTrader.Kis;

/// <summary>KIS answered with a failure (rt_cd not "0", an OAuth error_code, or a body we cannot read).
/// Carries what KIS said; never the request's secrets.</summary>
public sealed class KisApiException : TradingSystemException
{
    public KisApiException(string? trId, int httpStatus, string? rtCd, string? msgCd, string? msg1, Exception? inner = null)
        : base(Describe(trId, httpStatus, rtCd, msgCd, msg1), inner)
    {
        TrId = trId;
        HttpStatus = httpStatus;
        RtCd = rtCd;
        MsgCd = msgCd;
        Msg1 = msg1?.Trim();
    }

    public string? TrId { get; }
    public int HttpStatus { get; }
    public string? RtCd { get; }
    /// <summary>The KIS message code, e.g. EGW00201, EGW00123, APBK0919, 40580000.</summary>
    public string? MsgCd { get; }
    /// <summary>The KIS message, trimmed.</summary>
    public string? Msg1 { get; }

    private static string Describe(string? trId, int status, string? rtCd, string? msgCd, string? msg1) =>
        $"KIS {trId ?? "request"} failed (HTTP {status}, rt_cd {rtCd ?? "-"}, msg_cd {msgCd ?? "-"}): {msg1?.Trim()}";
}
