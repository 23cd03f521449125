using System.Diagnostics;

namespace KisTrader.Core.Execution;

/// <summary>
/// Timestamps along a fill's path, from the execution notice's arrival to the dashboard's render (issue 18 goal 3), each
/// keyed by the broker's order number, so the fill-to-dom benchmark can say where the time goes. Written to a
/// <see cref="DiagnosticListener"/>: nothing is done unless someone listens (the app does only when its log level is
/// Debug, and then logs each mark). Wall-clock UTC, not the app's TimeProvider: the marks are compared with the clocks of
/// other processes (the simulator, the browser), and the app's clock may be accelerated.
/// </summary>
public static class FillPathTrace
{
    public const string ListenerName = "KisTrader.FillPath";

    // Stages, in path order (the benchmark's table follows this order).
    public const string Received = "received";          // the notice's frame read off the WebSocket
    public const string Parsed = "parsed";              // decoded and published on the bus
    public const string Recorder = "recorder";          // the recorder took it off the bus
    public const string KeptEarly = "kept-early";       // no order has this number yet: kept until the gateway records it
    public const string RestAnswered = "rest-answered"; // the order's REST answer reached the gateway
    public const string Acknowledged = "acknowledged";  // the broker's number written to the ledger
    public const string Applied = "applied";            // the recorder found the order (first read done)
    public const string FillsRead = "fills-read";       // the order's earlier fills read (where this notice starts)
    public const string FillAdded = "fill-added";       // the fill's transaction committed
    public const string FillWritten = "fill-written";   // the order read back as written
    public const string Published = "published";        // FillRecorded is on the bus
    public const string Handler = "handler";            // the Overview's handler took it off the bus
    public const string Rendered = "rendered";          // its render batch is built on the circuit
    public const string Acked = "acked";                // the browser acknowledged that batch (its DOM is updated)

    private static readonly DiagnosticListener Listener = new(ListenerName);

    /// <summary>Whether anyone listens (a caller that must read the clock before it knows the order checks this first).</summary>
    public static bool Enabled => Listener.IsEnabled();

    public static void Mark(string stage, string? brokerOrderNo, DateTime? at = null)
    {
        if (brokerOrderNo is null || !Listener.IsEnabled(stage)) return;
        Listener.Write(stage, new FillPathMark(stage, BrokerOrderNumbers.Normalize(brokerOrderNo), at ?? DateTime.UtcNow));
    }
}

/// <summary>One timestamp of <see cref="FillPathTrace"/>.</summary>
public sealed record FillPathMark(string Stage, string BrokerOrderNo, DateTime At);
