using System.Collections.Concurrent;
using Hangfire.Common;
using Hangfire.Server;

namespace KisTrader.Web.Scheduling;

/// <summary>
/// Two rules for every job this app's server performs, as Quartz's misfire policy and DisallowConcurrentExecution kept
/// them: a recurring fire that reaches a worker later than <see cref="JobClock.MisfireTolerance"/> after its cron time
/// (the queue was stuck, or it is a job the storage hands out again after a crash) is skipped; and a job whose previous
/// fire is still running in this process is skipped rather than queued behind it. Skipped jobs show as Deleted on the
/// dashboard with this filter's name. The guarantee that no two runs of a graph overlap is still the graphs' own (the
/// runner's lease and the reflection service's check), and one process per database is the instance lock's.
/// </summary>
public sealed class JobGuard(JobClock clock, ILogger<JobGuard> logger) : IServerFilter
{
    private const string HeldKey = "kistrader:job-guard";
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>The jobs this process is performing now, by name ("Type.Method"). Read in process, not from the job
    /// storage (the soak benchmark samples the heap when none runs).</summary>
    public IReadOnlyCollection<string> Running => [.. _running.Keys];

    public void OnPerforming(PerformingContext context)
    {
        var name = NameOf(context.BackgroundJob.Job);
        // "Time" is the cron time Hangfire stamps on a recurring fire (Unix seconds); a dashboard trigger stamps "now".
        if (context.GetJobParameter<long?>("Time") is { } seconds)
        {
            var late = clock.Time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (late > clock.MisfireTolerance)
            {
                logger.LogWarning("Skipping {Job} (job {JobId}): its fire is {Late} old, past the misfire tolerance of {Tolerance}",
                    name, context.BackgroundJob.Id, late, clock.MisfireTolerance);
                context.Canceled = true;
                return;
            }
        }
        if (!_running.TryAdd(name, 0))
        {
            logger.LogInformation("Skipping {Job} (job {JobId}): the previous one is still running", name, context.BackgroundJob.Id);
            context.Canceled = true;
            return;
        }
        context.Items[HeldKey] = name;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(HeldKey, out var name) && name is string held)
            _running.TryRemove(held, out _);
    }

    private static string NameOf(Job job) => $"{job.Type.Name}.{job.Method.Name}";
}
