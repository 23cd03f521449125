using System.Threading.Channels;
using KisTrader.Core.Errors;
using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Training;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Web.Hosting;
using KisTrader.Web.Ml;
using KisTrader.Web.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web.Ml;

/// <summary>The weekly retraining and the daily drift check as recurring jobs (Ml:Training, Ml:Drift), their settings
/// validated at start-up naming the key, and what each job does with the shared service's answer.</summary>
public sealed class ModelTrainingScheduleTests
{
    private static readonly DateTimeOffset Sunday2100 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static AppSettings Load(params (string Key, string Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void ByDefault_RetrainingRunsAnHourAfterTheWeeklyReflection_AndTheDriftCheckAfterTheHistoryCollection()
    {
        var s = Load();
        var jobs = ModelTrainingSchedule.Jobs(s.Ml);

        Assert.Equal([("ml-retrain-weekly", "0 0 21 ? * SUN"), ("ml-drift-daily", "0 10 16 ? * MON-FRI")], jobs.Select(j => (j.Id, j.Cron)));
        Assert.Equal(typeof(RetrainJob), jobs[0].Job.Type);
        Assert.Equal(typeof(DriftCheckJob), jobs[1].Job.Type);
        var sunday = DateTimeOffset.Parse("2026-12-06T00:00:00+09:00");
        Assert.Equal(CronSchedule.Next(s.Reflection.Schedule, sunday)!.Value.AddHours(1), CronSchedule.Next(jobs[0].Cron, sunday));
        var monday = DateTimeOffset.Parse("2026-12-07T00:00:00+09:00");
        Assert.Equal(CronSchedule.Next(s.History.CollectCron, monday)!.Value.AddMinutes(30), CronSchedule.Next(jobs[1].Cron, monday));
    }

    [Fact]
    public void EachJob_IsSwitchedOffByItsEnabledKey_AndTakesItsConfiguredCron()
    {
        Assert.Equal(["ml-drift-daily"], ModelTrainingSchedule.Jobs(Load(("Ml:Training:Enabled", "false")).Ml).Select(j => j.Id));
        Assert.Equal(["ml-retrain-weekly"], ModelTrainingSchedule.Jobs(Load(("Ml:Drift:Enabled", "false")).Ml).Select(j => j.Id));
        Assert.Equal("0 30 6 ? * SAT", ModelTrainingSchedule.Jobs(Load(("Ml:Training:Schedule", "0 30 6 ? * SAT")).Ml)[0].Cron);
    }

    [Theory]
    [InlineData("Ml:Training:WindowSessions", "20", "between 60 and 5000")]
    [InlineData("Ml:Training:Trainers", "lr,svm", "lr, rf, lgbm")]
    [InlineData("Ml:Training:LabelHorizon", "0", "between 1 and 250")]
    [InlineData("Ml:Training:LabelThreshold", "1.5", "between 0 and 0.99")]
    [InlineData("Ml:Drift:AlertPsi", "0", "between 0.01 and 10")]
    [InlineData("Ml:Drift:RecentSessions", "1", "between 5 and 250")]
    [InlineData("Ml:Drift:IgnoreFeatures", "month,moon_phase", "'moon_phase' is not a feature")]
    [InlineData("Ml:Drift:Threshold", "0.3", "is not a known setting")]
    public void ABadSetting_StopsStartUp_NamingTheKey(string key, string value, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load((key, value)));

        Assert.Contains(key, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void TheCoreOptions_CarryTheConfiguredValues()
    {
        var s = Load(("Ml:Training:WindowSessions", "120"), ("Ml:Training:Trainers", "lr, rf"), ("Ml:Training:LabelHorizon", "10"),
            ("Ml:Training:LabelThreshold", "0.02"), ("Ml:Training:AutoPromote", "false"), ("Ml:Drift:RecentSessions", "30"), ("Ml:Drift:AlertPsi", "0.4"),
            ("Ml:Drift:IgnoreFeatures", "month"));

        var training = ModelTrainingServices.TrainingOptionsFrom(s.Ml.Training);
        var drift = ModelTrainingServices.DriftOptionsFrom(s.Ml);

        Assert.Equal((120, 10, 0.02m, false), (training.WindowSessions, training.Label.Horizon, training.Label.Threshold, training.AutoPromote));
        Assert.Equal(["lr", "rf"], training.Trainers);
        Assert.Equal(("up10d-2pct", 30, 0.4), (drift.Signal, drift.RecentSessions, drift.AlertPsi));
        Assert.Equal(["month"], drift.IgnoredFeatures);
    }

    [Fact]
    public async Task TheWeeklyJob_RetrainsEverythingThroughTheSharedService_AndAnnouncesAFailure()
    {
        var notes = new ChannelNotifier();
        var service = new ScriptedTraining(new TrainingProgress("train-1", "failed", 1, 6, "failed, nothing registered: boom", Sunday2100, true, "boom", []));

        await new RetrainJob(service, notes, new ManualTimeProvider(Sunday2100), NullLogger<RetrainJob>.Instance).RunAsync(CancellationToken.None);

        var request = Assert.Single(service.Requests);
        Assert.Equal(new TrainingRequest("all", null, null, "schedule", "weekly"), request);
        var note = await notes.NextAsync();
        Assert.Equal((NotificationLevel.Error, "Weekly retraining failed"), (note.Level, note.Title));
        Assert.Contains("boom", note.Message);
    }

    [Fact]
    public async Task TheWeeklyJob_IsSkippedNotQueued_WhenARunIsGoing()
    {
        var notes = new ChannelNotifier();
        var service = new ScriptedTraining(null);

        await new RetrainJob(service, notes, new ManualTimeProvider(Sunday2100), NullLogger<RetrainJob>.Instance).RunAsync(CancellationToken.None);

        Assert.Single(service.Requests);
        Assert.False(notes.Pending);
    }

    [Fact]
    public async Task TheDriftJob_ChecksTheConfiguredSignal_AndAnnouncesAFailure()
    {
        var notes = new ChannelNotifier();
        var monitor = new ThrowingMonitor();

        await new DriftCheckJob(monitor, new DriftOptions { Signal = "up5d-1pct" }, notes, new ManualTimeProvider(Sunday2100), NullLogger<DriftCheckJob>.Instance)
            .RunAsync(CancellationToken.None);

        Assert.Equal(["up5d-1pct"], monitor.Checked);
        Assert.Equal("Drift check failed", (await notes.NextAsync()).Title);
    }

    /// <summary>Answers the given last step, or refuses as a service with a run going does (null).</summary>
    private sealed class ScriptedTraining(TrainingProgress? last) : IModelTrainingService
    {
        public List<TrainingRequest> Requests { get; } = [];
        public TrainingProgress? Current => last;
        public event Action<TrainingProgress>? Progress { add { } remove { } }
        public Task<string> StartAsync(TrainingRequest request, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<TrainingProgress> RunAsync(TrainingRequest request, CancellationToken ct = default)
        {
            Requests.Add(request);
            return last is null ? throw new TradingSystemException("Training run train-0 is already running") : Task.FromResult(last);
        }
    }

    private sealed class ThrowingMonitor : IDriftMonitor
    {
        public List<string> Checked { get; } = [];
        public Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default) => Task.FromResult<DriftReport?>(null);

        public Task<DriftReport?> CheckAsync(string signal, CancellationToken ct = default)
        {
            Checked.Add(signal);
            throw new InvalidDataException("the drift-bins artifact is incomplete");
        }
    }

    private sealed class ChannelNotifier : INotifier
    {
        private readonly Channel<Notification> _notes = Channel.CreateUnbounded<Notification>();

        public bool Pending => _notes.Reader.TryPeek(out _);

        public Task NotifyAsync(Notification notification, CancellationToken ct = default) => _notes.Writer.WriteAsync(notification, ct).AsTask();

        public async Task<Notification> NextAsync() => await _notes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
