namespace KisTrader.Kis;

/// <summary>Default KIS hosts (KIS_API.md §1).</summary>
public static class KisHosts
{
    public static readonly Uri RealRest = new("https://openapi.koreainvestment.com:9443");
    public static readonly Uri PaperRest = new("https://openapivts.koreainvestment.com:29443");
    public static readonly Uri RealWebSocket = new("ws://ops.koreainvestment.com:21000/tryitout");
    public static readonly Uri PaperWebSocket = new("ws://ops.koreainvestment.com:31000/tryitout");

    /// <summary>The REST base of the options; the simulator has no default host.</summary>
    public static Uri RestBaseFor(KisClientOptions options) => options.RestBaseUrl ?? options.Environment switch
    {
        KisEnvironmentKind.Real => RealRest,
        KisEnvironmentKind.Paper => PaperRest,
        _ => throw new ArgumentException("The simulator environment needs RestBaseUrl.", nameof(options)),
    };
}
