using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Logging;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace KisTrader.Web.Scheduling;

/// <summary>
/// Hangfire's own <see cref="RecurringJobScheduler"/>, driven by the app's clock. Hangfire reads "now" from the
/// storage when it can (InMemory: the host clock) and waits its polling delay in wall time, while a misfire
/// (<see cref="MisfireHandlingMode.Ignorable"/>) is a fire older than twice that delay. On an accelerated calendar these
/// cannot agree (one wall second is an hour), so: the scheduler reads <see cref="JobClock"/> (the storage is presented
/// without its clock), is given <see cref="JobClock.MisfireTolerance"/> as its delay (precision = tolerance), and each
/// pass is cut after <see cref="JobClock.PollInterval"/> of wall time by cancelling the token it waits on. A pass stops
/// between jobs, never inside one (Hangfire checks the token before each), and the next pass starts at once.
/// The server runs without Hangfire's built-in scheduler (a lightweight server, see <see cref="SchedulerHost"/>), which
/// would read the host clock.
/// </summary>
public sealed class AppClockRecurringScheduler : IBackgroundProcess
{
    private readonly RecurringJobScheduler _inner;
    private readonly JobClock _clock;

    public AppClockRecurringScheduler(IBackgroundJobFactory factory, ITimeZoneResolver zones, JobClock clock)
    {
        _clock = clock;
        _inner = new RecurringJobScheduler(factory, clock.MisfireTolerance / 2, zones, clock.UtcNow);
    }

    public void Execute(BackgroundProcessContext context)
    {
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(context.StoppingToken);
        pass.CancelAfter(_clock.PollInterval);
        var inner = new BackgroundProcessContext(context.ServerId, new ClocklessStorage(context.Storage),
            context.Properties.ToDictionary(p => p.Key, p => p.Value), context.ExecutionId, pass.Token, context.StoppedToken, context.ShutdownToken);
        try
        {
            _inner.Execute(inner);
        }
        catch (OperationCanceledException) when (!context.IsStopping)
        {
            // The end of the pass's wait: look again.
        }
    }

    public override string ToString() => nameof(AppClockRecurringScheduler);

    /// <summary>The storage without its clock feature, so the scheduler reads <see cref="JobClock"/>.</summary>
    private sealed class ClocklessStorage : JobStorage
    {
        private readonly JobStorage _storage;

        public ClocklessStorage(JobStorage storage)
        {
            _storage = storage;
            JobExpirationTimeout = storage.JobExpirationTimeout;
        }

        public override bool LinearizableReads => _storage.LinearizableReads;
        public override IMonitoringApi GetMonitoringApi() => _storage.GetMonitoringApi();
        public override IStorageConnection GetConnection() => _storage.GetConnection();
        public override IStorageConnection GetReadOnlyConnection() => _storage.GetReadOnlyConnection();
        public override IEnumerable<IStateHandler> GetStateHandlers() => _storage.GetStateHandlers();
        public override void WriteOptionsToLog(ILog logger) => _storage.WriteOptionsToLog(logger);

        public override bool HasFeature(string featureId) =>
            featureId != JobStorageFeatures.Connection.GetUtcDateTime && _storage.HasFeature(featureId);

        public override string ToString() => _storage.ToString() ?? nameof(ClocklessStorage);
    }
}
