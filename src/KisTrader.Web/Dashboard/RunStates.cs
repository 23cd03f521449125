using System.Text.Json;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;

namespace KisTrader.Web.Dashboard;

/// <summary>Reads the state stored with an operational run for display; a state that no longer parses shows as missing.</summary>
public static class RunStates
{
    public static TradingState? TryRead(GraphRun run) => run.Graph == OperationalGraph.Name ? TryRead(run.StateJson) : null;

    public static TradingState? TryRead(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return GraphJson.Deserialize<TradingState>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
