using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Alerts;

/// <summary>
/// Turns realtime ticks and health readings into alerts: surge and plunge (price change over <see cref="AlertOptions.Window"/>),
/// volume spikes (the window's volume against the trailing average window), a stale feed (no tick during the session), an
/// open circuit breaker, orders of unknown outcome past the grace, and a loss at 80% of its limit. Every alert (kind, and
/// ticker or order where it applies) is repeated at most once per <see cref="AlertOptions.Cooldown"/>.
/// Price windows run on the ticks' own times (the exchange's clock); silence and cooldowns on the injected clock.
/// Thread-safe: ticks and health checks may come from different loops.
/// </summary>
public sealed class AlertDetector
{
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly Cooldowns<(AlertKind Kind, string? Subject)> _cooldowns;
    private readonly Dictionary<string, TickerWindow> _tickers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    // The thresholds as doubles, for the screens in front of the exact tests (ThresholdScreen).
    private readonly double _surgeScreen;
    private readonly double _plungeScreen;
    private readonly double _spikeScreen;
    private DateTimeOffset _lastTickArrival;
    private DateTimeOffset? _sessionSince;

    public AlertDetector(AlertOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _cooldowns = new Cooldowns<(AlertKind, string?)>(options.Cooldown, time);
        (_surgeScreen, _plungeScreen, _spikeScreen) = ((double)options.SurgePercent, (double)options.PlungePercent, (double)options.VolumeSpikeMultiple);
        _lastTickArrival = time.GetUtcNow();
    }

    public AlertOptions Options => _options;

    /// <summary>One realtime tick: surge, plunge and volume-spike alerts for its ticker (none, or the ones past cooldown).</summary>
    public IReadOnlyList<Alert> OnTick(in Tick tick)
    {
        var now = _time.GetUtcNow();
        // Created only when an alert is found: most ticks find none (the live feed's hot path, issue 18 goal 1).
        List<Alert>? found = null;
        lock (_gate)
        {
            _lastTickArrival = now;
            if (tick.Price <= 0) return [];
            var day = KrxCalendar.KstDate(tick.Time);
            if (!_tickers.TryGetValue(tick.Ticker, out var w) || w.Day != day)
                _tickers[tick.Ticker] = w = new TickerWindow(day, _options.VolumeBaselineWindows);
            if (!w.Add(tick, _options))
                return [];

            // The cooldown is asked before a message is formatted: on a volatile feed most candidates are repeats it
            // drops, and formatting them was most of a tick's allocations (issue 18 goal 1). Same alerts, same order.
            var reference = w.Oldest;
            if (reference.Time < tick.Time && reference.Price > 0)
            {
                var screen = ThresholdScreen.Classify(tick.Price, reference.Price, _surgeScreen, _plungeScreen);
                if (screen == ThresholdScreen.Change.Uncertain)
                {
                    var exact = ExactChange(tick, reference);
                    screen = exact >= _options.SurgePercent ? ThresholdScreen.Change.Surge
                        : exact <= -_options.PlungePercent ? ThresholdScreen.Change.Plunge
                        : ThresholdScreen.Change.Inside;
                }
                if (screen == ThresholdScreen.Change.Surge && Admits(w, AlertKind.Surge, tick.Ticker, now))
                {
                    var change = ExactChange(tick, reference);
                    (found ??= []).Add(new Alert(AlertKind.Surge, tick.Ticker, NotificationLevel.Warning, $"Surge {tick.Ticker} +{change:0.##}%",
                        $"{tick.Ticker} rose {change:0.##}% in {FormatSpan(tick.Time - reference.Time)} ({reference.Price:#,0.##} → {tick.Price:#,0.##} KRW; threshold +{_options.SurgePercent}% in {FormatSpan(_options.Window)})", now));
                }
                else if (screen == ThresholdScreen.Change.Plunge && Admits(w, AlertKind.Plunge, tick.Ticker, now))
                {
                    var change = ExactChange(tick, reference);
                    (found ??= []).Add(new Alert(AlertKind.Plunge, tick.Ticker, NotificationLevel.Warning, $"Plunge {tick.Ticker} {change:0.##}%",
                        $"{tick.Ticker} fell {-change:0.##}% in {FormatSpan(tick.Time - reference.Time)} ({reference.Price:#,0.##} → {tick.Price:#,0.##} KRW; threshold −{_options.PlungePercent}% in {FormatSpan(_options.Window)})", now));
                }
            }

            if (w.Baseline.Count >= _options.VolumeMinBaselineWindows
                && !ThresholdScreen.VolumeIsBelow(w.WindowVolume, w.BaselineAverage, _spikeScreen))
            {
                var average = (decimal)w.BaselineAverage;
                var volume = w.WindowVolume;
                if (average > 0 && volume >= _options.VolumeSpikeMultiple * average && Admits(w, AlertKind.VolumeSpike, tick.Ticker, now))
                    (found ??= []).Add(new Alert(AlertKind.VolumeSpike, tick.Ticker, NotificationLevel.Warning, $"Volume spike {tick.Ticker} ×{volume / average:0.#}",
                        $"{tick.Ticker} traded {volume:#,0} shares in the last {FormatSpan(_options.Window)}, {volume / average:0.#}× the average of the previous {w.Baseline.Count} windows ({average:#,0}; threshold ×{_options.VolumeSpikeMultiple})", now));
            }
        }
        return found ?? (IReadOnlyList<Alert>)[];
    }

    /// <summary>The periodic health reading: stale feed (only while <see cref="AlertOptions.IsSessionOpen"/>), the circuit
    /// breaker, and orders whose outcome is still unknown.</summary>
    public IReadOnlyList<Alert> CheckHealth(bool circuitOpen, IReadOnlyList<LedgerOrder> unknownOrders)
    {
        var now = _time.GetUtcNow();
        var found = new List<Alert>();
        lock (_gate)
        {
            if (_options.IsSessionOpen(now))
            {
                // Silence is counted from the session's start at the earliest: yesterday's last tick is not silence today.
                _sessionSince ??= now;
                var quietSince = _lastTickArrival > _sessionSince.Value ? _lastTickArrival : _sessionSince.Value;
                var silent = now - quietSince;
                if (silent >= _options.StaleFeedAfter)
                    found.Add(new Alert(AlertKind.StaleFeed, null, NotificationLevel.Error, "Realtime feed stale",
                        $"no realtime tick for {FormatSpan(silent)} while the market is open (limit {FormatSpan(_options.StaleFeedAfter)}): market data is not current", now));
            }
            else
            {
                _sessionSince = null;
            }
        }
        if (circuitOpen)
            found.Add(new Alert(AlertKind.CircuitOpen, null, NotificationLevel.Error, "KIS circuit breaker open",
                "too many KIS requests failed in a row: reads are paused until the circuit closes", now));
        foreach (var order in unknownOrders)
        {
            if (order.Status != LedgerOrderStatus.Unknown) continue;
            var age = now - order.UpdatedAt;
            if (age <= _options.UnknownOrderGrace) continue;
            found.Add(new Alert(AlertKind.UnknownOrder, order.OrderId, NotificationLevel.Error, $"Order of unknown outcome: {order.Side} {order.Ticker}",
                $"order {order.OrderId} ({order.Side} {order.Quantity:#,0} {order.Ticker}) has had an unknown outcome for {FormatSpan(age)} " +
                $"(grace {FormatSpan(_options.UnknownOrderGrace)}): nothing is sent until reconciliation settles it. {order.LastError}".TrimEnd(), now));
        }
        return Admit(found);
    }

    /// <summary>A loss-limit reading: an alert for the day or week whose loss is at least
    /// <see cref="AlertOptions.LossWarningPercentOfLimit"/> of its limit.</summary>
    public IReadOnlyList<Alert> OnLossCheck(LossLimitStatus status, RiskLimits limits)
    {
        var now = _time.GetUtcNow();
        var found = new List<Alert>();
        void Check(string period, decimal? percent, decimal limit)
        {
            if (percent is not { } p || limit <= 0) return;
            var share = -p / limit * 100m;
            if (share >= _options.LossWarningPercentOfLimit)
                found.Add(new Alert(AlertKind.LossLimitApproaching, period, NotificationLevel.Warning, $"{Capitalised(period)} loss near its limit",
                    $"{period} loss {p:0.##}% is {share:0}% of the −{limit}% limit" + (share >= 100m ? ": the limit is reached" : ""), now));
        }
        Check("daily", status.DailyPercent, limits.DailyLossLimitPercent);
        Check("weekly", status.WeeklyPercent, limits.WeeklyLossLimitPercent);
        return Admit(found);
    }

    /// <summary>The price change over the window in percent, exact to decimal's 28 digits: what decides and what the
    /// message shows.</summary>
    private static decimal ExactChange(in Tick tick, Sample reference) => (tick.Price - reference.Price) / reference.Price * 100m;

    /// <summary>The cooldown of a ticker's price or volume alert. The window remembers until when the last answer holds
    /// (only this method takes these keys' turns, and nothing gives them back), so a standing surge or plunge asks the
    /// shared cooldowns, behind their lock, once per cooldown rather than on every tick (issue 18 goal 1).</summary>
    private bool Admits(TickerWindow w, AlertKind kind, string ticker, DateTimeOffset now)
    {
        ref var quietUntil = ref w.QuietUntil(kind);
        if (now < quietUntil) return false;
        var admitted = _cooldowns.TryEnter((kind, ticker), now, out var sinceLast);
        quietUntil = now - sinceLast + _options.Cooldown;
        return admitted;
    }

    private List<Alert> Admit(List<Alert> found) => found.Where(a => _cooldowns.TryEnter((a.Kind, a.Subject))).ToList();

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string FormatSpan(TimeSpan span) =>
        span.TotalSeconds < 120 ? $"{span.TotalSeconds:0} s" : span.TotalMinutes < 120 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalHours:0.#} h";

    /// <summary>One ticker's recent samples (within the window) and its completed volume windows, for one KST day
    /// (cumulative volume restarts each day).</summary>
    private sealed class TickerWindow(DateOnly day, int baselineWindows)
    {
        private readonly Queue<Sample> _samples = new();
        // At its largest size from the start, so that it never grows: Add holds at most the baseline's windows, the one
        // just completed and as many quiet ones before trimming (issue 18 goal 1: nothing allocated per tick).
        private readonly Queue<long> _baseline = new(2 * Math.Max(0, baselineWindows) + 1);
        private long _baselineSum;
        private long? _bucket;
        private long _bucketStartCumulative;
        private long _lastCumulative;
        private DateTimeOffset _newest;
        private DateTimeOffset _surgeQuietUntil, _plungeQuietUntil, _spikeQuietUntil;

        /// <summary>Until when the cooldown of <paramref name="kind"/> (surge, plunge or volume spike) for this ticker
        /// is known to refuse (<see cref="Admits"/>).</summary>
        public ref DateTimeOffset QuietUntil(AlertKind kind)
        {
            switch (kind)
            {
                case AlertKind.Surge: return ref _surgeQuietUntil;
                case AlertKind.Plunge: return ref _plungeQuietUntil;
                case AlertKind.VolumeSpike: return ref _spikeQuietUntil;
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a ticker window's alert");
            }
        }

        public DateOnly Day { get; } = day;
        public Sample Oldest => _samples.Peek();
        public IReadOnlyCollection<long> Baseline => _baseline;

        /// <summary>The mean of <see cref="Baseline"/> as Enumerable.Average computes it (the long sum over the count),
        /// kept as a running sum.</summary>
        public double BaselineAverage => (double)_baselineSum / _baseline.Count;

        /// <summary>The volume traded from the oldest sample in the window (its own execution included) to the newest.</summary>
        public long WindowVolume => Math.Max(0, _lastCumulative - (Oldest.Cumulative - Oldest.Volume));

        /// <summary>Adds a tick; false for one older than the newest sample (out of order across a reconnect).</summary>
        public bool Add(in Tick tick, AlertOptions options)
        {
            if (_samples.Count > 0 && tick.Time < _newest)
                return false;
            var bucket = tick.Time.UtcTicks / options.Window.Ticks;
            if (_bucket is null)
            {
                _bucket = bucket;
                _bucketStartCumulative = tick.CumulativeVolume - tick.Volume;
            }
            else if (bucket > _bucket)
            {
                var completed = Math.Max(0, _lastCumulative - _bucketStartCumulative);
                _baseline.Enqueue(completed);
                _baselineSum += completed;
                // Windows without a single trade count as quiet ones (at most a baseline's worth).
                for (var b = _bucket.Value + 1; b < bucket && b <= _bucket.Value + options.VolumeBaselineWindows; b++)
                    _baseline.Enqueue(0);
                while (_baseline.Count > options.VolumeBaselineWindows)
                    _baselineSum -= _baseline.Dequeue();
                _bucket = bucket;
                _bucketStartCumulative = _lastCumulative;
            }
            _lastCumulative = tick.CumulativeVolume;
            _samples.Enqueue(new Sample(tick.Time, tick.Price, tick.CumulativeVolume, tick.Volume));
            _newest = tick.Time;
            while (_samples.Count > 1 && _samples.Peek().Time < tick.Time - options.Window)
                _samples.Dequeue();
            return true;
        }
    }

    private readonly record struct Sample(DateTimeOffset Time, decimal Price, long Cumulative, long Volume);
}
