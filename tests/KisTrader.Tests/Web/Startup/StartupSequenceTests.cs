using KisTrader.Tests.Kis.Realtime.Support;
using KisTrader.Web.Hosting.Startup;
using Microsoft.Extensions.Logging;

namespace KisTrader.Tests.Web.Startup;

/// <summary>The start-up sequence on its own, with fake steps: order, durations, what a failure stops, and stopping.</summary>
public sealed class StartupSequenceTests
{
    private readonly CapturingLogger<StartupSequence> _log = new();
    private readonly SteppingClock _clock = new();
    private readonly List<string> _ran = [];

    private StartupStep Step(string name, int milliseconds = 1, Exception? fails = null) => new(name, _ =>
    {
        _ran.Add(name);
        _clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
        return fails is null ? Task.CompletedTask : Task.FromException(fails);
    })
    {
        Stop = _ =>
        {
            _ran.Add("stop " + name);
            return Task.CompletedTask;
        },
    };

    private StartupSequence Sequence(params StartupStep[] steps) => new(steps, _log, _clock);

    private IEnumerable<string> Lines(LogLevel? level = null) => _log.Entries.Where(e => level is null || e.Level == level).Select(e => e.Text);

    [Fact]
    public async Task Steps_RunInTheGivenOrder_EachLoggedWithItsDuration()
    {
        var sequence = Sequence(Step("broker", 40), Step("reconciliation", 120) with { DependsOn = ["broker"] }, Step("feeds", 7));

        await sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None);

        Assert.Equal(["broker", "reconciliation", "feeds"], _ran);
        Assert.Equal(["start-up: broker 40 ms", "start-up: reconciliation 120 ms", "start-up: feeds 7 ms", "start-up: ready to listen in 167 ms"],
            Lines(LogLevel.Information));
        Assert.True(sequence.Complete);
        Assert.All(sequence.Results, r => Assert.Equal(StartupStepState.Succeeded, r.State));
    }

    [Fact]
    public async Task AFailedStep_SkipsWhatDependsOnIt_DirectlyOrNot_AndTheRestStillRuns()
    {
        var sequence = Sequence(
            Step("broker"),
            Step("prompts and rules"),
            Step("reconciliation", fails: new InvalidOperationException("the broker did not answer")) with { DependsOn = ["broker"] },
            Step("resume interrupted runs") with { DependsOn = ["prompts and rules", "reconciliation"] },
            Step("scheduler") with { DependsOn = ["resume interrupted runs"], Consequence = "no job runs on its schedule" },
            Step("feeds") with { DependsOn = ["broker"] });

        await sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None);

        Assert.Equal(["broker", "prompts and rules", "reconciliation", "feeds"], _ran);
        Assert.Equal(
            [("broker", StartupStepState.Succeeded), ("prompts and rules", StartupStepState.Succeeded), ("reconciliation", StartupStepState.Failed),
             ("resume interrupted runs", StartupStepState.Skipped), ("scheduler", StartupStepState.Skipped), ("feeds", StartupStepState.Succeeded)],
            sequence.Results.Select(r => (r.Name, r.State)));
        Assert.False(sequence.Complete);
        Assert.Contains(Lines(LogLevel.Error), l => l.StartsWith("start-up: reconciliation failed after", StringComparison.Ordinal)
            && l.EndsWith("the broker did not answer", StringComparison.Ordinal));
        Assert.Contains("start-up: resume interrupted runs skipped because reconciliation failed", Lines(LogLevel.Error));
        Assert.Contains("start-up: scheduler skipped because resume interrupted runs was skipped (no job runs on its schedule)", Lines(LogLevel.Error));
        Assert.Contains(Lines(LogLevel.Warning), l => l.Contains("degraded (not running: reconciliation, resume interrupted runs, scheduler)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStepThatStopsTheApp_Throws_AndNothingAfterItRuns()
    {
        var sequence = Sequence(
            Step("listeners"),
            Step("broker", fails: new InvalidOperationException("Kis:AppKey is required.")) with { OnFailure = StartupFailure.StopApp },
            Step("prompts and rules"));

        var ex = await Assert.ThrowsAsync<StartupFailedException>(() => sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None));

        Assert.Equal("broker", ex.Step);
        Assert.Contains("Kis:AppKey is required.", ex.Message);
        Assert.Equal(["listeners", "broker"], _ran);
        Assert.Contains(Lines(LogLevel.Critical), l => l.Contains("start-up: broker failed", StringComparison.Ordinal) && l.Contains("the app does not start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Phases_RunSeparately_AndALaterPhaseSeesTheEarlierOnesFailures()
    {
        var sequence = Sequence(
            Step("reconciliation", fails: new TimeoutException("no answer")),
            Step("order tracking"),
            Step("resume interrupted runs") with { Phase = StartupPhase.AfterStarted, DependsOn = ["reconciliation"] },
            Step("maintenance") with { Phase = StartupPhase.AfterStarted, DependsOn = ["order tracking"] });

        await sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None);
        Assert.Equal(["reconciliation", "order tracking"], _ran);

        await sequence.RunAsync(StartupPhase.AfterStarted, CancellationToken.None);
        Assert.Equal(["reconciliation", "order tracking", "maintenance"], _ran);
        Assert.Equal(StartupStepState.Skipped, sequence.Results.Single(r => r.Name == "resume interrupted runs").State);
    }

    [Fact]
    public async Task Stopping_TakesDownWhatStarted_LastFirst_AndNotWhatFailedOrWasSkipped()
    {
        var sequence = Sequence(
            Step("broker"),
            Step("reconciliation", fails: new InvalidOperationException("x")),
            Step("scheduler") with { DependsOn = ["reconciliation"] },
            Step("feeds"));
        await sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None);
        _ran.Clear();

        await sequence.StopAsync(CancellationToken.None);

        Assert.Equal(["stop feeds", "stop broker"], _ran);
    }

    [Fact]
    public async Task AFailingStop_IsLogged_AndTheEarlierStepsStillStop()
    {
        var sequence = Sequence(Step("broker"), Step("scheduler") with { Stop = _ => throw new InvalidOperationException("stuck job") });
        await sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None);
        _ran.Clear();

        await sequence.StopAsync(CancellationToken.None);

        Assert.Equal(["stop broker"], _ran);
        Assert.Contains("stopping: scheduler failed: stuck job", Lines(LogLevel.Error));
    }

    [Fact]
    public void ASequenceThatCannotHoldItsOrder_IsRefused()
    {
        Assert.Contains("not an earlier step", Assert.Throws<ArgumentException>(() =>
            Sequence(Step("scheduler") with { DependsOn = ["reconciliation"] }, Step("reconciliation"))).Message);
        Assert.Contains("Two start-up steps", Assert.Throws<ArgumentException>(() => Sequence(Step("broker"), Step("broker"))).Message);
        Assert.Contains("comes after a step that runs once it has started", Assert.Throws<ArgumentException>(() =>
            Sequence(Step("scheduler") with { Phase = StartupPhase.AfterStarted }, Step("broker"))).Message);
        Assert.Contains("can stop the app only if it runs before the server listens", Assert.Throws<ArgumentException>(() =>
            Sequence(Step("scheduler") with { Phase = StartupPhase.AfterStarted, OnFailure = StartupFailure.StopApp })).Message);
    }

    /// <summary>Durations from a clock the steps move, so the logged milliseconds are exact.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
