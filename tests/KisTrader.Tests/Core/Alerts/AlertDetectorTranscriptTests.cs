using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KisTrader.Core.Alerts;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Testing;

namespace KisTrader.Tests.Core.Alerts;

/// <summary>Pins every tick alert (kind, subject, level, title, message, time) of a seeded volatile feed, as the detector
/// raised them when it still formatted each candidate before the cooldown dropped it (issue 18 goal 1 moved the
/// formatting after the cooldown): the same alerts with the same texts, in the same order.</summary>
public sealed class AlertDetectorTranscriptTests
{
    private static readonly DateTimeOffset Open = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero); // 09:00 KST, Monday

    /// <summary>4 tickers, one trade each every 10 s for 3 hours; a 0.6 % step noise and every 97th trade a volume burst,
    /// so surges, plunges and spikes are frequent and most are repeats inside the 2-minute cooldown.</summary>
    private static (List<string> Lines, int Candidates) Run()
    {
        var clock = new ManualTimeProvider(Open);
        var detector = new AlertDetector(new AlertOptions
        {
            SurgePercent = 1.5m, PlungePercent = 1.5m, Window = TimeSpan.FromMinutes(5), VolumeSpikeMultiple = 3m,
            VolumeBaselineWindows = 12, VolumeMinBaselineWindows = 3, Cooldown = TimeSpan.FromMinutes(2), IsSessionOpen = _ => true,
        }, clock);
        var random = new Random(1818);
        string[] tickers = ["005930", "000660", "035420", "051910"];
        var prices = new[] { 70_000m, 120_000m, 210_000m, 400_000m };
        var cumulative = new long[4];
        var lines = new List<string>();
        var n = 0;
        for (var second = 0; second < 3 * 3600; second += 10)
            for (var i = 0; i < tickers.Length; i++)
            {
                var at = Open.AddSeconds(second);
                clock.SetUtcNow(at);
                prices[i] = Math.Max(1_000m, KrxRules.FloorToTick(prices[i] * (1m + (decimal)((random.NextDouble() - 0.5) * 0.012)), date: new DateOnly(2026, 12, 7)));
                var volume = ++n % 97 == 0 ? random.Next(20_000, 60_000) : random.Next(1, 500);
                cumulative[i] += volume;
                var tick = new Tick(tickers[i], at, prices[i], 0, 0, prices[i], prices[i], prices[i], volume, cumulative[i], 0, prices[i], prices[i], 100, Side.Buy, false);
                foreach (var a in detector.OnTick(tick))
                    lines.Add($"{a.At:O}|{a.Kind}|{a.Subject}|{a.Level}|{a.Title}|{a.Message}");
            }
        return (lines, n);
    }

    private static T InCulture<T>(string name, Func<T> run)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try { return run(); }
        finally { CultureInfo.CurrentCulture = saved; }
    }

    [Fact]
    public void ASeededVolatileFeed_RaisesTheSameAlertsWithTheSameTexts()
    {
        var (lines, ticks) = InCulture("en-US", Run);
        Assert.Equal(4320, ticks);
        // 246 plunges, 35 surges, 26 volume spikes (one tick raises a surge or plunge and a spike together).
        Assert.Equal(307, lines.Count);
        Assert.Equal("2026-12-07T00:02:20.0000000+00:00|Plunge|051910|Warning|Plunge 051910 -1.63%|051910 fell 1.63% in 2.3 min (399,500 → 393,000 KRW; threshold −1.5% in 5 min)", lines[0]);
        Assert.Equal("2026-12-07T00:16:00.0000000+00:00|VolumeSpike|051910|Warning|Volume spike 051910 ×4.8|051910 traded 38,317 shares in the last 5 min, 4.8× the average of the previous 3 windows (7,948; threshold ×3)",
            lines.First(l => l.Contains("|VolumeSpike|", StringComparison.Ordinal)));
        // The whole transcript, as the detector wrote it before the change.
        Assert.Equal("1E78D8DED235F68F111F96791084E2D7F220BEA5C667FFD331FDD1ACFCFF44FE",
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)))));
    }
}
