namespace KisTrader.Kis.Realtime;

/// <summary>Where the realtime session connects (KIS_API.md §1: plain ws://, path /tryitout).</summary>
public static class RealtimeEndpoint
{
    public static readonly Uri Real = new("ws://ops.koreainvestment.com:21000/tryitout");
    public static readonly Uri Paper = new("ws://ops.koreainvestment.com:31000/tryitout");

    /// <summary>The configured URL, else the KIS host of the environment; null for the simulator without a URL.</summary>
    public static Uri? Resolve(KisClientOptions options) => options.WebSocketUrl ?? options.Environment switch
    {
        KisEnvironmentKind.Real => Real,
        KisEnvironmentKind.Paper => Paper,
        _ => null,
    };

    /// <summary>The execution-notice TR of the environment: H0STCNI0 real, H0STCNI9 paper and simulator.</summary>
    public static string NoticeTrId(KisClientOptions options) =>
        options.IsPaper ? RealtimeTrIds.NoticePaper : RealtimeTrIds.NoticeReal;
}
