using KisTrader.Core.Security;
using KisTrader.Web.Hosting.Options;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>
/// Serilog: console, all events (kistrader-*.log), errors alone (errors-*.log) and the trade log
/// (trades-*.log, JSON lines). Every sink sits behind <see cref="RedactingSink"/>: the only way in.
/// </summary>
public static class LoggingSetup
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Builds a logger on its own (tests, tools); the app configures its logger through
    /// <see cref="Configure"/> from <c>AddSerilog</c>.</summary>
    /// <param name="consoleWriter">Stands in for the console (tests); only with <paramref name="console"/>.</param>
    public static Logger CreateLogger(LogsOptions options, SecretRedactor redactor, bool console = true, TextWriter? consoleWriter = null) =>
        Configure(new LoggerConfiguration(), options, redactor, console, consoleWriter).CreateLogger();

    /// <summary>Fills <paramref name="configuration"/> (the one <c>AddSerilog((sp, lc) => …)</c> hands over): levels, and
    /// every sink behind one <see cref="RedactingSink"/>.</summary>
    /// <param name="taps">Further sinks behind the same redaction (<see cref="ILogTap"/>).</param>
    public static LoggerConfiguration Configure(LoggerConfiguration configuration, LogsOptions options, SecretRedactor redactor, bool console = true,
        TextWriter? consoleWriter = null, IEnumerable<ILogEventSink>? taps = null)
    {
        var dir = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(dir);

        var sinksConfig = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(Path.Combine(dir, "kistrader-.log"), outputTemplate: Template, rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: options.RetainDays, shared: true, flushToDiskInterval: TimeSpan.FromSeconds(1))
            .WriteTo.File(Path.Combine(dir, "errors-.log"), outputTemplate: Template, rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: options.RetainDays, restrictedToMinimumLevel: LogEventLevel.Error, shared: true,
                flushToDiskInterval: TimeSpan.FromSeconds(1))
            .WriteTo.Logger(l => l
                .Filter.ByIncludingOnly(IsTradeEvent)
                .WriteTo.File(new JsonFormatter(renderMessage: true), Path.Combine(dir, "trades-.log"),
                    rollingInterval: RollingInterval.Day, retainedFileCountLimit: null, shared: true,
                    flushToDiskInterval: TimeSpan.FromSeconds(1)));
        var consoleLevel = options.ConsoleLevel ?? LogEventLevel.Verbose;
        if (console && consoleWriter is not null)
            sinksConfig.WriteTo.Sink(new WriterSink(consoleWriter, new MessageTemplateTextFormatter(ConsoleTemplate)), consoleLevel);
        else if (console)
            sinksConfig.WriteTo.Console(outputTemplate: ConsoleTemplate, restrictedToMinimumLevel: consoleLevel);
        foreach (var tap in taps ?? []) sinksConfig.WriteTo.Sink(tap);
        var sinks = sinksConfig.CreateLogger();

        return configuration
            .MinimumLevel.Is(options.MinimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            // The trade log is the record of every order event: it does not thin out with Logs:MinimumLevel.
            .MinimumLevel.Override(LogCategories.Trades, LogEventLevel.Information)
            // A hub call refused with a HubException is logged once, as a warning (Live/HubRefusalFilter).
            .Filter.ByExcluding(KisTrader.Web.Live.HubRefusalFilter.IsDispatcherEchoOfRefusal)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new RedactingSink(sinks, redactor));
    }

    private static bool IsTradeEvent(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var v) && v is ScalarValue { Value: LogCategories.Trades };

    private sealed class WriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (writer) formatter.Format(logEvent, writer);
        }
    }
}
