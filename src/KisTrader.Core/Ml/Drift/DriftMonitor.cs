using System.Globalization;
using KisTrader.Core.Alerts;
using KisTrader.Core.Errors;
using KisTrader.Core.Events;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Ml.Drift;

/// <summary>
/// Compares the features of recent live data with the active model's training window: the features of the last
/// <see cref="DriftOptions.RecentSessions"/> sessions of the instruments the app trades (<paramref name="tradedTickers"/>:
/// the watchlist and the holdings), computed by the same feature code as training from the history store, binned as the
/// training window's <see cref="DriftBaseline"/> artifact. Every report is stored; one where a feature's PSI exceeds
/// <see cref="DriftOptions.AlertPsi"/> raises an <see cref="AlertKind.ModelDrift"/> alert the way other alerts are
/// raised (on the bus and through the notifier); the calendar features are reported but never alerted on
/// (<see cref="DriftOptions.IgnoredFeatures"/>). Breadth is computed over every stored instrument, as in training, so
/// the market features do not drift just because fewer instruments are read.
/// </summary>
public sealed class DriftMonitor(
    IModelRegistry registry,
    IMarketHistory history,
    IDriftReportStore reports,
    Func<CancellationToken, Task<IReadOnlyCollection<string>>> tradedTickers,
    IFeatureExtractor extractor,
    IEventBus bus,
    INotifier notifier,
    DriftOptions options,
    TimeProvider time) : IDriftMonitor
{
    public Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default) => reports.LatestAsync(signal, ct);

    public async Task<DriftReport?> CheckAsync(string signal, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signal);
        if (await registry.GetActiveAsync(signal, ct).ConfigureAwait(false) is not { } active) return null;
        if (await registry.GetArtifactAsync(signal, active.Version, DriftBaseline.Format, ct).ConfigureAwait(false) is not { } bytes)
            return null; // trained before the baseline was stored: nothing to compare with
        var baseline = DriftBaseline.FromArtifact(bytes);
        if (baseline.FeatureSetVersion != extractor.Schema.Id)
            throw new TradingSystemException($"{active.Label} was trained on features {baseline.FeatureSetVersion}; this app computes {extractor.Schema.Id}.");

        var tickers = (await tradedTickers(ct).ConfigureAwait(false)).Where(MarketIndexes.IsInstrumentCode).Distinct(StringComparer.Ordinal).ToList();
        if (tickers.Count == 0) return null;
        var now = time.GetUtcNow();
        var today = KrxCalendar.KstDate(now);
        // Calendar days enough for the sessions asked for through the longest closures.
        var from = today.AddDays(-(options.RecentSessions * 2 + 20));
        var features = await StoredFeatureHistory.LoadAsync(history, null, from, today, now, ct).ConfigureAwait(false);
        var sessions = tickers.Where(features.Instruments.Tickers.Contains)
            .SelectMany(t => features.Sessions(t).Where(d => d >= from && d <= today).Select(d => (Ticker: t, Date: d)))
            .ToList();
        var recentDates = sessions.Select(s => s.Date).Distinct().Order().TakeLast(options.RecentSessions).ToHashSet();
        if (recentDates.Count == 0) return null;
        var rows = sessions.Where(s => recentDates.Contains(s.Date))
            .Select(s => extractor.Compute(features.InputAt(s.Ticker, KrxCalendar.CloseOn(s.Date))))
            .ToList();

        var drifts = baseline.Compare(rows)
            .Select(d => options.IgnoredFeatures.Contains(d.Feature) ? d with { Level = DriftOptions.IgnoredLevel } : d).ToList();
        var report = new DriftReport(signal, active.Version, now, recentDates.Min(), recentDates.Max(), rows.Count, drifts,
            drifts.Any(Alerting));
        await reports.SaveAsync(report, ct).ConfigureAwait(false);
        if (report.Alert) await RaiseAsync(report, active, ct).ConfigureAwait(false);
        return report;
    }

    private bool Alerting(FeatureDrift d) => d.Psi > options.AlertPsi && d.Level != DriftOptions.IgnoredLevel;

    private async Task RaiseAsync(DriftReport report, ModelVersion active, CancellationToken ct)
    {
        var drifted = report.Features.Where(Alerting).OrderByDescending(f => f.Psi).ToList();
        var list = string.Join(", ", drifted.Take(5).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature} {f.Psi:0.###}")));
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{drifted.Count} feature(s) with PSI above {options.AlertPsi:0.###} over {report.RecentRows} recent rows ({report.RecentFrom:yyyy-MM-dd}..{report.RecentTo:yyyy-MM-dd}) against the training window {active.Window.From:yyyy-MM-dd}..{active.Window.To:yyyy-MM-dd}: {list}{(drifted.Count > 5 ? ", …" : "")}. Consider retraining.");
        var alert = new Alert(AlertKind.ModelDrift, report.Signal, NotificationLevel.Warning, $"Model drift: {active.Label}", message, report.ComputedAt);
        bus.Publish(new AlertRaised(alert));
        await notifier.NotifyAsync(alert.ToNotification(), ct).ConfigureAwait(false);
    }
}
