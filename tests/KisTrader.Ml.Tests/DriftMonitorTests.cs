using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

/// <summary>The drift monitor over a seeded synthetic history: the active model's training-window bins against the last
/// sessions of the traded instruments, computed by the same feature code; an alert only when a shift was planted.</summary>
public sealed class DriftMonitorTests(ITestOutputHelper output)
{
    private const int Sessions = 600;
    private const int Recent = 60;
    private const int TrainFrom = 480;
    private const string Signal = "up5d-1pct";
    private static readonly IReadOnlyList<DateOnly> Days = SyntheticMarket.TradingDays(Sessions);
    private static readonly string[] Traded = [.. Enumerable.Range(0, 30).Select(k => (100000 + k * 10).ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task RecentDataTheModelWasTrainedOn_IsStoredWithoutAnAlert()
    {
        var (monitor, store, bus, notifier) = await MonitorAsync(plantShift: false);

        var report = await monitor.CheckAsync(Signal);

        Assert.NotNull(report);
        Write(report);
        Assert.False(report.Alert);
        Assert.Empty(bus.Alerts);
        Assert.Empty(notifier.Sent);
        Assert.Equal(Days[Sessions - Recent], report.RecentFrom);
        Assert.Equal(Days[^1], report.RecentTo);
        Assert.Equal(Traded.Length * Recent, report.RecentRows);
        Assert.Equal(DailyFeatures.SchemaV1.Columns, report.Features.Select(f => f.Feature));
        Assert.Equal(report, await monitor.LatestAsync(Signal));
        Assert.Single(store.All);
    }

    [Fact]
    public async Task APlantedTrendInTheTradedInstruments_RaisesTheDriftAlert_AndTheReportSaysWhichFeatures()
    {
        var (monitor, _, bus, notifier) = await MonitorAsync(plantShift: true);

        var report = await monitor.CheckAsync(Signal);

        Assert.NotNull(report);
        Write(report);
        Assert.True(report.Alert);
        var drifted = report.Features.Where(f => f.Level == "drift").Select(f => f.Feature).ToList();
        Assert.Contains("ret_20d", drifted);
        Assert.Contains("dist_52w_high", drifted);
        var alert = Assert.Single(bus.Alerts);
        Assert.Equal(AlertKind.ModelDrift, alert.Kind);
        Assert.Equal(Signal, alert.Subject);
        Assert.Contains($"{drifted.Count} feature(s) with PSI above 0.25", alert.Message);
        Assert.Contains(report.Features.MaxBy(f => f.Level == "drift" ? f.Psi : 0)!.Feature, alert.Message);
        var note = Assert.Single(notifier.Sent);
        Assert.Equal(NotificationLevel.Warning, note.Level);
        Assert.Equal($"Model drift: {Signal} v1", note.Title);
        Assert.Equal(report, await monitor.LatestAsync(Signal));
    }

    [Fact]
    public async Task TheCalendarFeatures_AreReportedButNeverAlertedOn()
    {
        var (monitor, _, _, _) = await MonitorAsync(plantShift: false);

        var report = (await monitor.CheckAsync(Signal))!;

        // Sixty sessions hold three months where the training window holds six: a large PSI, by design ignored.
        var month = report.Features.Single(f => f.Feature == "month");
        Assert.True(month.Psi > 0.25, $"month PSI {month.Psi}");
        Assert.Equal(DriftOptions.IgnoredLevel, month.Level);
        Assert.False(report.Alert);
    }

    [Fact]
    public async Task WithoutAnActiveModel_NothingIsComputedOrStored()
    {
        var store = new InMemoryDriftReportStore();
        var monitor = new DriftMonitor(new InMemoryModelRegistry(), new InMemoryMarketHistory(), store, _ => Task.FromResult<IReadOnlyCollection<string>>(Traded),
            new DailyFeatures(), new RecordingBus(), new RecordingNotifier(), new DriftOptions(), new ManualTimeProvider(DateTimeOffset.UnixEpoch));

        Assert.Null(await monitor.CheckAsync(Signal));
        Assert.Null(await monitor.LatestAsync(Signal));
        Assert.Empty(store.All);
    }

    private void Write(DriftReport report)
    {
        output.WriteLine($"{report.RecentRows} rows {report.RecentFrom}..{report.RecentTo}, alert {report.Alert}");
        foreach (var f in report.Features.OrderByDescending(f => f.Psi)) output.WriteLine($"  {f.Feature,-16} {f.Psi,8:0.000} {f.Level}");
    }

    /// <summary>Thirty traded instruments over 600 sessions; the model's training window is the last 120 sessions (the
    /// state right after a retraining) and the check reads the last 60. Without a plant those rows are part of what the
    /// model was trained on: nothing may alert. (Disjoint windows of a few weeks differ on the slow features, the 60-day
    /// return, the 52-week range and the market-wide returns, even when nothing changed: see docs/decisions.md.)
    /// <paramref name="plantShift"/>: the traded instruments climb 3% a session over those 60 sessions (every price
    /// scaled), against a training window that never saw it.</summary>
    private static async Task<(DriftMonitor, InMemoryDriftReportStore, RecordingBus, RecordingNotifier)> MonitorAsync(bool plantShift)
    {
        var rows = SyntheticMarket.Generate(seed: 23, instruments: Traded.Length, sessions: Sessions, pattern: false);
        var baselineHistory = FeatureHistory.FromRows(rows);
        var dataset = new DatasetBuilder(new DailyFeatures()).Build(baselineHistory, Days[TrainFrom], Days[^1]);
        if (plantShift) rows = [.. rows.Select(Climb)];
        var history = new InMemoryMarketHistory();
        await history.UpsertAsync(rows);

        var registry = new InMemoryModelRegistry();
        var baseline = DriftBaseline.Fit(dataset).ToArtifact();
        var version = new ModelVersion
        {
            Signal = Signal, Version = 1, Trainer = "majority", Window = new TrainingWindow(Days[TrainFrom], Days[^6]),
            Features = DailyFeatures.SchemaV1.Columns, FeatureSetVersion = DailyFeatures.SchemaV1.Id, HyperParameters = new Dictionary<string, string>(),
            DataSha256 = new string('a', 64), Metrics = new ModelMetrics { F1 = 0.5, Precision = 0.5, Recall = 0.5, BaselineF1 = 0.4, TestRows = 100 },
            CreatedAt = DateTimeOffset.UnixEpoch, Artifacts = [baseline.Info],
        };
        await registry.AddAsync(version, [baseline]);
        await registry.ActivateAsync(Signal, 1, "test", DateTimeOffset.UnixEpoch);

        var store = new InMemoryDriftReportStore();
        var bus = new RecordingBus();
        var notifier = new RecordingNotifier();
        var clock = new ManualTimeProvider(KrxCalendar.CloseOn(Days[^1]).AddHours(2));
        var monitor = new DriftMonitor(registry, history, store, _ => Task.FromResult<IReadOnlyCollection<string>>(Traded), new DailyFeatures(), bus, notifier,
            new DriftOptions { Signal = Signal, RecentSessions = Recent }, clock);
        return (monitor, store, bus, notifier);
    }

    private static HistoryBar Climb(HistoryBar bar)
    {
        var index = Days.Count - 1 - Days.Count(d => d > bar.Date);
        if (!Traded.Contains(bar.Ticker) || index < Sessions - Recent) return bar;
        var f = (decimal)Math.Exp(0.03 * (index - (Sessions - Recent - 1)));
        return HistoryBar.Daily(bar.Ticker, bar.Date, Math.Round(bar.Open * f), Math.Round(bar.High * f), Math.Round(bar.Low * f), Math.Round(bar.Close * f),
            bar.Volume, Math.Round(bar.Close * f) * bar.Volume, bar.Source, bar.CollectedAt);
    }

    internal sealed class RecordingBus : IEventBus
    {
        public List<Alert> Alerts { get; } = [];

        public void Publish<T>(T message) where T : notnull
        {
            if (message is AlertRaised raised) lock (Alerts) Alerts.Add(raised.Alert);
        }

        public IDisposable Subscribe<T>(Func<T, CancellationToken, ValueTask> handler) where T : notnull => throw new NotSupportedException();
    }

    internal sealed class RecordingNotifier : INotifier
    {
        public List<Notification> Sent { get; } = [];

        public Task NotifyAsync(Notification notification, CancellationToken ct = default)
        {
            lock (Sent) Sent.Add(notification);
            return Task.CompletedTask;
        }
    }
}
