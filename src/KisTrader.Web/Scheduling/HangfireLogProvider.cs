using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace KisTrader.Web.Scheduling;

/// <summary>Hangfire's log provider is process-wide: the app that configured Hangfire last owns it. Hangfire's own
/// (AspNetCoreLogProvider) throws once that app's logger factory is disposed, which breaks the next app built in the same
/// process (tests) before it configures Hangfire itself; this one then logs nothing instead.</summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Forwarding(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Forwarding(ILogger logger) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLevel.Trace => MsLevel.Trace,
                HangfireLevel.Debug => MsLevel.Debug,
                HangfireLevel.Info => MsLevel.Information,
                HangfireLevel.Warn => MsLevel.Warning,
                HangfireLevel.Error => MsLevel.Error,
                _ => MsLevel.Critical,
            };
            if (messageFunc is null) return logger.IsEnabled(level);
            if (!logger.IsEnabled(level)) return false;
#pragma warning disable CA2254 // Hangfire hands over finished text, not a template
            logger.Log(level, exception, "{Message}", messageFunc());
#pragma warning restore CA2254
            return true;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
