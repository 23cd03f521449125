using Serilog.Events;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Logs")]
public sealed class LogsOptions
{
    /// <summary>Rolling log files go here; relative to the working directory.</summary>
    public string Directory { get; set; } = "logs";
    public LogEventLevel MinimumLevel { get; set; } = LogEventLevel.Information;
    /// <summary>
    /// The console's own floor above <see cref="MinimumLevel"/> (the files still get everything), for a service whose
    /// console is kept by a journal; unset, the console shows what the files show.
    /// </summary>
    public LogEventLevel? ConsoleLevel { get; set; }
    /// <summary>Days of files to keep per log.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3650, ErrorMessage = "must be between 1 and 3650 days")]
    public int RetainDays { get; set; } = 30;
}
