using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Simulator;

/// <summary>
/// Wraps the host's logger factory so ASP.NET Core's own Information logs are dropped: the request
/// log would print query strings, and KIS queries carry the account number (CANO), which must never
/// be logged. Warnings and errors still pass.
/// </summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            ? new WarningsOnly(inner.CreateLogger(categoryName))
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the caller.
    public void Dispose() { }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    internal static ILoggerFactory Wrap(ILoggerFactory? factory) => factory is null ? NullLoggerFactory.Instance : new QuietLoggerFactory(factory);
}
