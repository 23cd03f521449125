using Microsoft.Extensions.Options;
using System.Threading.Channels;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Testing;
using KisTrader.Web.Hosting;
using KisTrader.Web.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web.Reflection;

/// <summary>The scheduled reflection's configured retries (Reflection:RetryCount, Reflection:RetryDelayMinutes), on the
/// app's clock, announced; Hangfire itself never retries the job.</summary>
public sealed class ReflectionJobTests
{
    private static readonly DateTimeOffset Sunday2000 = new(2026, 11, 29, 11, 0, 0, TimeSpan.Zero);

    private static IOptions<KisTrader.Web.Hosting.Options.ReflectionOptions> Settings(int retries, int delayMinutes) => Options.Create(AppSettings.Load(
        new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Reflection:RetryCount"] = $"{retries}", ["Reflection:RetryDelayMinutes"] = $"{delayMinutes}" }).Build()).Reflection);

    [Fact]
    public async Task AFailedReflection_IsRetriedAfterTheDelayOnTheAppClock_UntilItSucceeds()
    {
        var clock = new ManualTimeProvider(Sunday2000);
        var reflection = new ScriptedReflection("failed", "failed", "Completed");
        var notes = new ChannelNotifier();
        var job = new ReflectionJob(reflection, Settings(retries: 3, delayMinutes: 10), notes, clock, NullLogger<ReflectionJob>.Instance);

        var run = job.RunAsync(CancellationToken.None);
        for (var retry = 1; retry <= 2; retry++)
        {
            var note = await notes.NextAsync();
            Assert.Equal("Scheduled reflection will retry", note.Title);
            Assert.Contains($"retry {retry} of 3", note.Message);
            Assert.Equal(retry, reflection.Triggers.Count);
            await WaitingAsync(clock);
            // Not a minute early: the retry waits for the app's clock.
            clock.Advance(TimeSpan.FromMinutes(9));
            Assert.Equal(retry, reflection.Triggers.Count);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["schedule", "schedule-retry-1", "schedule-retry-2"], reflection.Triggers);
        Assert.False(notes.Pending);
    }

    [Fact]
    public async Task AReflectionThatKeepsFailing_GivesUpAfterTheConfiguredRetries_AndSaysSo()
    {
        var clock = new ManualTimeProvider(Sunday2000);
        var reflection = new ScriptedReflection("failed", "failed", "failed", "Completed");
        var notes = new ChannelNotifier();
        var job = new ReflectionJob(reflection, Settings(retries: 1, delayMinutes: 5), notes, clock, NullLogger<ReflectionJob>.Instance);

        var run = job.RunAsync(CancellationToken.None);
        Assert.Equal("Scheduled reflection will retry", (await notes.NextAsync()).Title);
        await WaitingAsync(clock);
        clock.Advance(TimeSpan.FromMinutes(5));
        var last = await notes.NextAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Scheduled reflection gave up", last.Title);
        Assert.Equal(NotificationLevel.Error, last.Level);
        Assert.Equal(["schedule", "schedule-retry-1"], reflection.Triggers);
    }

    [Fact]
    public async Task ARetryTheAppWouldReachOnlyAfterStopping_IsDropped()
    {
        var clock = new ManualTimeProvider(Sunday2000);
        var reflection = new ScriptedReflection("failed", "Completed");
        var notes = new ChannelNotifier();
        var job = new ReflectionJob(reflection, Settings(retries: 2, delayMinutes: 10), notes, clock, NullLogger<ReflectionJob>.Instance);
        using var stopping = new CancellationTokenSource();

        var run = job.RunAsync(stopping.Token);
        await notes.NextAsync();
        await WaitingAsync(clock);
        await stopping.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(["schedule"], reflection.Triggers);
    }

    /// <summary>Until the job has started its wait for the retry on the clock.</summary>
    private static async Task WaitingAsync(ManualTimeProvider clock)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (clock.PendingTimers == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job did not start waiting for its retry");
            await Task.Delay(5);
        }
    }

    private sealed class ScriptedReflection(params string[] statuses) : IReflectionService
    {
        public List<string> Triggers { get; } = [];

        public Task<ReflectionRunOutcome> ReflectAsync(string trigger, CancellationToken ct = default)
        {
            lock (Triggers)
            {
                Triggers.Add(trigger);
                var status = statuses[Triggers.Count - 1];
                return Task.FromResult(new ReflectionRunOutcome(null, null, status, $"{status} #{Triggers.Count}"));
            }
        }

        public Task<ReflectionDecision> AdoptRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ReflectionDecision> RejectRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ReflectionDecision> RetireRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ReflectionDecision> ActivatePromptVersionAsync(int version, string user, string reason, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<PromptVersion> GetActivePromptAsync(CancellationToken ct = default) => throw new NotSupportedException();
    }

    private sealed class ChannelNotifier : INotifier
    {
        private readonly Channel<Notification> _notes = Channel.CreateUnbounded<Notification>();

        public bool Pending => _notes.Reader.TryPeek(out _);

        public Task NotifyAsync(Notification notification, CancellationToken ct = default) => _notes.Writer.WriteAsync(notification, ct).AsTask();

        public async Task<Notification> NextAsync() => await _notes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
