using System.Net;
using System.Net.Sockets;
using KisTrader.Tests.Trading.Support;
using KisTrader.Tests.Web.Security;
using KisTrader.Web.Hosting.Startup;
using Serilog.Events;
using Xunit.Abstractions;
using static KisTrader.Web.Hosting.Startup.AppStartupSteps;

namespace KisTrader.Tests.Web.Startup;

/// <summary>The composed app's start-up, read from its own log: the order of the steps, their dependencies, and a broker
/// that cannot start stopping the app before anything that needs it.</summary>
public sealed class AppStartupTests(ITestOutputHelper output)
{
    private static readonly string[] Order =
        [Listeners, Broker, PromptsAndRules, Reconciliation, OrderTracking, MissedTrades, ResumeRuns, Maintenance, Scheduler, AppStartupSteps.Alerts, AppStartupSteps.EventRuns, Feeds];

    private static readonly Dictionary<string, string?> InformationLog = new() { ["Logs:MinimumLevel"] = "Information" };

    private static IEnumerable<LogEvent> StartupEvents(LogCapture log, string template) =>
        log.Since(0).Where(e => e.MessageTemplate.Text == template);

    private static string Step(LogEvent e) => e.Properties["Step"] is ScalarValue { Value: string s } ? s : "";

    [Fact]
    public async Task TheComposedApp_StartsInTheDocumentedOrder_EachStepLoggedWithItsDuration()
    {
        using var dir = new TempDataDir();
        var log = new LogCapture();
        await using var app = await TradingApp.StartAsync(dir, InformationLog, log.Register);
        await app.Get<AppStartup>().AfterStarted.WaitAsync(TimeSpan.FromSeconds(60));

        var sequence = app.Get<StartupSequence>();
        Assert.Equal(Order, sequence.Steps.Select(s => s.Name));
        var logged = StartupEvents(log, "start-up: {Step} {Milliseconds} ms").ToList();
        Assert.Equal(Order, logged.Select(Step));
        foreach (var e in logged) output.WriteLine($"start-up: {Step(e)} {e.Properties["Milliseconds"]} ms");
        Assert.True(sequence.Complete);

        // What must not run without what: the dependencies are part of the order.
        var needs = sequence.Steps.ToDictionary(s => s.Name, s => s.DependsOn);
        Assert.Contains(Broker, needs[Reconciliation]);
        Assert.Superset(new HashSet<string> { Broker, PromptsAndRules, Reconciliation }, needs[ResumeRuns].ToHashSet());
        Assert.Superset(new HashSet<string> { Broker, PromptsAndRules, Reconciliation }, needs[Scheduler].ToHashSet());
        Assert.Equal(
            [Broker, PromptsAndRules],
            sequence.Steps.Where(s => s.OnFailure == StartupFailure.StopApp).Select(s => s.Name));
    }

    [Fact]
    public async Task ABrokerThatCannotStart_StopsTheApp_BeforeReconciliationOrTheScheduler()
    {
        using var dir = new TempDataDir();
        var log = new LogCapture();
        // The built-in simulator cannot listen on a port another socket holds.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var settings = new Dictionary<string, string?>(InformationLog) { ["Simulator:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        var ex = await Assert.ThrowsAsync<StartupFailedException>(() => TradingApp.StartAsync(dir, settings, log.Register));

        Assert.Equal(Broker, ex.Step);
        Assert.Contains(StartupEvents(log, "start-up: {Step} failed after {Milliseconds} ms, the app does not start: {Error}"),
            e => Step(e) == Broker && e.Level == LogEventLevel.Fatal);
        var ran = StartupEvents(log, "start-up: {Step} {Milliseconds} ms").Select(Step).ToList();
        Assert.Equal([Listeners], ran);
        Assert.DoesNotContain(log.Since(0), e => e.MessageTemplate.Text.StartsWith("Start-up reconciliation", StringComparison.Ordinal)
            || e.MessageTemplate.Text.StartsWith("Scheduler (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedReconciliation_KeepsResumeAndTheSchedulerFromRunning_AndTheAppRunsDegraded()
    {
        using var dir = new TempDataDir();
        var log = new LogCapture();
        var settings = new Dictionary<string, string?>(InformationLog) { ["Trading:ScheduleEnabled"] = "true" };
        // The order ledger's table gone (a damaged database): reconciliation cannot read what to reconcile.
        async Task BreakTheLedger()
        {
            await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir.DatabaseFile};Pooling=False");
            await db.OpenAsync();
            await using var drop = db.CreateCommand();
            drop.CommandText = "DROP TABLE orders";
            await drop.ExecuteNonQueryAsync();
        }

        await using var app = await TradingApp.StartAsync(dir, settings, log.Register, beforeStart: BreakTheLedger);
        await app.Get<AppStartup>().AfterStarted.WaitAsync(TimeSpan.FromSeconds(60));

        var states = app.Get<StartupSequence>().Results.ToDictionary(r => r.Name, r => r.State);
        Assert.Equal(StartupStepState.Failed, states[Reconciliation]);
        Assert.Equal(StartupStepState.Skipped, states[ResumeRuns]);
        Assert.Equal(StartupStepState.Skipped, states[Scheduler]);
        // What does not need reconciliation still runs: the loop that retries it, and the feed.
        Assert.Equal(StartupStepState.Succeeded, states[Maintenance]);
        Assert.Equal(StartupStepState.Succeeded, states[Feeds]);
        Assert.False(app.Get<KisTrader.Web.Scheduling.SchedulerHost>().Ready.IsCompleted, "the scheduler must not have started");
        Assert.Contains(StartupEvents(log, "start-up: {Step} skipped because {Reason}{Consequence}"), e => Step(e) == Scheduler);
        using var http = new HttpClient { BaseAddress = app.BaseUrl };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
    }
}
