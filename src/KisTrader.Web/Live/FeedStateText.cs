using KisTrader.Core.Events;

namespace KisTrader.Web.Live;

public static class FeedStateText
{
    public static string Of(FeedState s) => s switch
    {
        FeedState.Connected => "connected",
        FeedState.Stale => "stale",
        FeedState.Reconnecting => "reconnecting",
        FeedState.Connecting => "connecting",
        _ => "disconnected",
    };
}
