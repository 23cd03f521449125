using Serilog.Core;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>A sink registered in the container that receives every event the log files get, after redaction (tests
/// capture the app's log with one to prove what was, and was not, logged).</summary>
public interface ILogTap : ILogEventSink;
