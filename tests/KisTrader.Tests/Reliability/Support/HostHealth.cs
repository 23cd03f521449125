using System.Text.RegularExpressions;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Startup;
using KisTrader.Web.Trading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>
/// "No unhandled exception", made checkable:
/// <list type="bullet">
/// <item>The host is still running: ApplicationStopping was never signalled (a BackgroundService that throws stops the
/// host by default, and so does anything calling StopApplication).</item>
/// <item>No hosted BackgroundService ended faulted, no start-up step failed, and the trading maintenance loop
/// (TradingStartup) is still running.</item>
/// <item>No run of the graph is left Running (a node exception ends the run Failed with its error recorded; a run left
/// Running would be resumed on the next start as if the app had crashed).</item>
/// <item>The realtime session is Connected again once the fault is cleared (its loop survived).</item>
/// <item>The error log (errors-*.log) has no entry carrying an exception stack. Handled failures are logged as one-line
/// errors on purpose (e.g. "Fill tracking error: …"); a stack comes from a path that did not expect the exception: an
/// event subscriber that threw, a request or circuit that failed, a hosted service or the simulator's market step.
/// Those one-line errors are counted and reported, not failed on.</item>
/// </list>
/// </summary>
internal static partial class HostHealth
{
    public static async Task AssertAliveAsync(FaultRig rig)
    {
        var problems = new List<string>();
        var lifetime = rig.App.Get<IHostApplicationLifetime>();
        if (lifetime.ApplicationStopping.IsCancellationRequested) problems.Add("the host is stopping");
        foreach (var service in rig.App.Services.GetServices<IHostedService>().OfType<BackgroundService>())
            if (service.ExecuteTask is { IsFaulted: true } t)
                problems.Add($"{service.GetType().Name} faulted: {t.Exception?.GetBaseException().Message}");
        foreach (var step in rig.App.Get<StartupSequence>().Results.Where(r => r.State != StartupStepState.Succeeded))
            problems.Add($"start-up step {step.Name} {step.State}: {step.Reason}");
        if (rig.App.Get<TradingStartup>().Maintenance is not { IsCompleted: false })
            problems.Add("the trading maintenance loop is not running");
        var stuck = (await rig.App.Get<IGraphStore>().UnfinishedRunsAsync()).Where(r => r.Status == RunStatus.Running).ToList();
        foreach (var r in stuck) problems.Add($"run {r.RunId} is still Running at {r.NextNode}");
        Assert.True(problems.Count == 0, "The host is not healthy:\n" + string.Join("\n", problems));
        await rig.WaitForFeedAsync(FeedState.Connected, TimeSpan.FromSeconds(20));
    }

    public sealed record LogEntry(string Level, string Source, string Message, bool HasStack);

    /// <summary>Error and fatal entries of errors-*.log (read after the host stopped, so everything is flushed).</summary>
    public static IReadOnlyList<LogEntry> Errors(string logDirectory) => Entries(logDirectory, "errors-*.log");

    /// <summary>How many entries of the main log contain <paramref name="text"/>.</summary>
    public static int Count(string logDirectory, string text) =>
        Entries(logDirectory, "kistrader-*.log").Count(e => e.Message.Contains(text, StringComparison.Ordinal));

    public static void AssertNoUnhandledExceptions(IReadOnlyList<LogEntry> errors)
    {
        var withStack = errors.Where(e => e.HasStack).ToList();
        Assert.True(withStack.Count == 0, "Error log entries with an exception stack (an unhandled path):\n"
            + string.Join("\n", withStack.Select(e => $"[{e.Level}] {e.Source}: {e.Message}")));
    }

    private static List<LogEntry> Entries(string logDirectory, string pattern)
    {
        var entries = new List<LogEntry>();
        if (!Directory.Exists(logDirectory)) return entries;
        foreach (var file in Directory.GetFiles(logDirectory, pattern))
        {
            string text;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
                text = reader.ReadToEnd();
            LogEntry? current = null;
            var body = new List<string>();
            void Flush()
            {
                if (current is null) return;
                entries.Add(current with { HasStack = body.Any(l => StackLine().IsMatch(l)) });
                body.Clear();
            }
            foreach (var line in text.Split('\n'))
            {
                var m = EntryStart().Match(line);
                if (m.Success)
                {
                    Flush();
                    current = new LogEntry(m.Groups["level"].Value, m.Groups["source"].Value, m.Groups["message"].Value.TrimEnd('\r'), false);
                }
                else if (current is not null) body.Add(line);
            }
            Flush();
        }
        return entries;
    }

    // LoggingSetup's template: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}".
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [+-]\d{2}:\d{2} \[(?<level>[A-Z]{3})\] (?<source>[^:]*): (?<message>.*)$")]
    private static partial Regex EntryStart();

    [GeneratedRegex(@"^\s+at \S+")]
    private static partial Regex StackLine();
}
