using System.Diagnostics;
using KisTrader.Core.Execution;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>
/// Logs each <see cref="FillPathTrace"/> mark (a fill's path from the execution notice to the dashboard) as one Debug
/// line, "fill path {stage} order {number} at {UTC ticks}", which the fill-to-dom benchmark reads from the app's console.
/// Listens only when Debug is on for this category (<c>Logs:MinimumLevel=Debug</c>): otherwise the marks cost nothing.
/// </summary>
public sealed class FillPathLog(ILoggerFactory loggerFactory) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string Category = "KisTrader.FillPath";

    private readonly ILogger _log = loggerFactory.CreateLogger(Category);
    private readonly List<IDisposable> _subscriptions = [];

    public void Start()
    {
        if (!_log.IsEnabled(LogLevel.Debug)) return;
        lock (_subscriptions)
            if (_subscriptions.Count == 0) _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != FillPathTrace.ListenerName) return;
        lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Value is FillPathMark m)
            _log.LogDebug("fill path {Stage} order {BrokerOrderNo} at {AtTicks}", m.Stage, m.BrokerOrderNo, m.At.Ticks);
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var s in _subscriptions) s.Dispose();
            _subscriptions.Clear();
        }
    }
}
