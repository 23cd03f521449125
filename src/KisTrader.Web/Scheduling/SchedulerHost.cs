using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace KisTrader.Web.Scheduling;

/// <summary>
/// The scheduler, started by the start-up sequence's "scheduler" step once the app has started (after reconciliation and
/// the resumption of interrupted runs, and off the path to a healthy /healthz): registers the recurring jobs the
/// configuration wants (and removes any other an older configuration left), then starts a Hangfire server. The server is Hangfire's
/// lightweight one (workers only) plus, explicitly, what a full server would add: the delayed-job scheduler and the
/// storage's own maintenance (expiry, counters); its recurring-job scheduler is <see cref="AppClockRecurringScheduler"/>
/// on the app's clock. Stopping waits for jobs in progress (an operational run finishes, as Quartz waited for it).
/// </summary>
public sealed class SchedulerHost(
    JobStorage storage,
    ScheduledJobs jobs,
    IRecurringJobManagerV2 manager,
    IJobFilterProvider filters,
    JobActivator activator,
    ITimeZoneResolver zones,
    JobClock clock,
    ILogger<SchedulerHost> logger) : IDisposable
{
    /// <summary>One worker per kind of job: <see cref="JobGuard"/> lets one of each run at a time, so a reflection
    /// waiting for its retry never holds up an operational run.</summary>
    public const int WorkerCount = 5;

    private BackgroundJobServer? _server;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the recurring jobs are registered and the server runs (or starting failed).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Registers the recurring jobs and starts the server; throws when it could not (the sequence logs it).</summary>
    public void Start()
    {
        try
        {
            StartServer();
        }
        finally
        {
            _ready.TrySetResult();
        }
    }

    private void StartServer()
    {
        Register();
        var processes = new List<IBackgroundProcess>
        {
            new AppClockRecurringScheduler(new BackgroundJobFactory(filters), zones, clock),
            new DelayedJobScheduler(TimeSpan.FromSeconds(15), new BackgroundJobStateChanger(filters)),
        };
        processes.AddRange(StorageProcesses(storage));
        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            IsLightweightServer = true,
            WorkerCount = WorkerCount,
            Activator = activator,
            FilterProvider = filters,
            TimeZoneResolver = zones,
        }, storage, processes);
    }

    private void Register()
    {
        var wanted = jobs.All;
        using (var connection = storage.GetConnection())
        {
            foreach (var stale in connection.GetRecurringJobs().Where(r => wanted.All(w => w.Id != r.Id)))
            {
                logger.LogInformation("Removing recurring job {Job}: no longer configured", stale.Id);
                manager.RemoveIfExists(stale.Id);
            }
        }
        foreach (var job in wanted)
            manager.AddOrUpdate(job.Id, job.Job, job.Cron, ScheduledJob.Options);
        logger.LogInformation("Scheduler ({Storage}): {Jobs}", storage.GetType().Name,
            string.Join(", ", wanted.Select(j => $"{j.Id} '{j.Cron}'")));
    }

    /// <summary>What a full server would run for the storage: its expiration manager and counter aggregator.</summary>
    private static IEnumerable<IBackgroundProcess> StorageProcesses(JobStorage storage)
    {
        if (storage.HasFeature(JobStorageFeatures.ProcessesInsteadOfComponents))
            return storage.GetStorageWideProcesses();
#pragma warning disable CS0618 // the component API: the storages we use still offer only it
        return storage.GetComponents().Select(c => c as IBackgroundProcess ?? new ComponentProcess(c)).ToList();
    }

    private sealed class ComponentProcess(IServerComponent component) : IBackgroundProcess
    {
        public void Execute(BackgroundProcessContext context) => component.Execute(context.StoppingToken);
        public override string ToString() => component.ToString() ?? nameof(ComponentProcess);
    }
#pragma warning restore CS0618

    /// <summary>Stops the server, waiting for jobs in progress.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server) return;
        server.SendStop();
        await server.WaitForShutdownAsync(cancellationToken);
    }

    public void Dispose() => _server?.Dispose();
}
