namespace KisTrader.Kis.Realtime;

/// <summary>KIS realtime TR IDs (KIS_API.md §6.6–6.9).</summary>
public static class RealtimeTrIds
{
    /// <summary>Domestic stock trades (real and paper).</summary>
    public const string Trades = "H0STCNT0";

    /// <summary>Domestic stock order book, 10 levels (real and paper).</summary>
    public const string OrderBook = "H0STASP0";

    /// <summary>Execution notice, real environment.</summary>
    public const string NoticeReal = "H0STCNI0";

    /// <summary>Execution notice, paper environment (and the simulator, which emulates paper).</summary>
    public const string NoticePaper = "H0STCNI9";

    /// <summary>The server's keep-alive control message, echoed back by the client.</summary>
    public const string PingPong = "PINGPONG";

    public static bool IsNotice(string trId) => trId is NoticeReal or NoticePaper;
}
