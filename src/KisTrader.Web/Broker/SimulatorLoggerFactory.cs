namespace KisTrader.Web.Broker;

/// <summary>The in-process simulator logs through the app's loggers, except its own web-host lifetime messages
/// ("Now listening on…", "Application started"): those would read as the app's own address.</summary>
internal sealed class SimulatorLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.Hosting.Lifetime", StringComparison.Ordinal)
            ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The app owns the inner factory.
    }
}
