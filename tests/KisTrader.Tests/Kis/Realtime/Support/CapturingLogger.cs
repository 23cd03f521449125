using Microsoft.Extensions.Logging;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>Keeps every formatted log line (with exception text) so tests can check what was logged and what was not.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Text)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Text)> Entries
    {
        get
        {
            lock (_entries)
                return _entries.ToArray();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception) + (exception is null ? "" : " " + exception);
        lock (_entries)
            _entries.Add((logLevel, text));
    }
}
