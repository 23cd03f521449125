using Hangfire;
using Hangfire.Storage;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Scheduling;

/// <summary>When the scheduler will next start an operational run (null when scheduling is off): the recurring jobs'
/// next execution as Hangfire keeps it.</summary>
public sealed class NextRunInfo(IServiceProvider services, IOptions<KisOptions> kis, IOptions<SimulatorOptions> simulator, IOptions<TradingOptions> trading)
{
    public Task<DateTimeOffset?> GetAsync(CancellationToken ct = default) =>
        GetAsync(OperationalGraphJob.JobName, id => OperationalGraphJob.IsConfigured(kis.Value, simulator.Value, trading.Value, id), ct);

    /// <summary>The earliest next execution of the recurring jobs named <paramref name="job"/> (the id itself, or the id
    /// followed by "-…") that the configuration wants.</summary>
    public async Task<DateTimeOffset?> GetAsync(string job, Func<string, bool> configured, CancellationToken ct = default)
    {
        if (services.GetService<JobStorage>() is not { } storage)
            return null;
        // Right after start-up the jobs may still be being registered (the scheduler starts once the app has); a
        // sequence that ends without starting it (a step it depends on failed) has nothing more to register.
        if (services.GetService<SchedulerHost>() is { } host && services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
        {
            var startup = services.GetService<KisTrader.Web.Hosting.Startup.AppStartup>()?.AfterStarted ?? Task.CompletedTask;
            await Task.WhenAny(host.Ready, startup, Task.Delay(TimeSpan.FromSeconds(10), ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
        return await Task.Run(() =>
        {
            using var connection = storage.GetConnection();
            var next = connection.GetRecurringJobs()
                .Where(r => !r.Removed && (r.Id == job || r.Id.StartsWith(job + "-", StringComparison.Ordinal)) && configured(r.Id))
                .Select(r => r.NextExecution)
                .Where(n => n is not null)
                .Min();
            return next is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        }, ct).ConfigureAwait(false);
    }
}
