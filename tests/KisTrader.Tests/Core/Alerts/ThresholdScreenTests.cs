using KisTrader.Core.Alerts;

namespace KisTrader.Tests.Core.Alerts;

/// <summary>The double screens may only ever be certain where the detector's exact decimal test agrees: checked on seeded
/// prices and volumes, many of them exactly on or a hair from a threshold.</summary>
public sealed class ThresholdScreenTests
{
    private static readonly decimal[] Thresholds = [0m, 0.5m, 1.5m, 3m, 3.3333333333333333333333333333m, 10m];

    [Fact]
    public void Classify_IsCertainOnlyWhereTheExactDecimalTestAgrees()
    {
        var random = new Random(18);
        var certain = new Dictionary<ThresholdScreen.Change, int>();
        for (var n = 0; n < 200_000; n++)
        {
            var surge = Thresholds[random.Next(Thresholds.Length)];
            var plunge = Thresholds[random.Next(Thresholds.Length)];
            var reference = random.Next(3) == 0 ? (decimal)random.Next(1, 2_000_000) : random.Next(1, 2_000_000) / 100m;
            // On a threshold, a few units beside it, or anywhere within ±20 %.
            var price = random.Next(5) switch
            {
                0 => reference * (1m + surge / 100m),
                1 => reference * (1m - plunge / 100m) + random.Next(-2, 3) * 0.0000001m,
                2 => reference * (1m + surge / 100m) + random.Next(-2, 3),
                3 => reference * (1m - plunge / 100m) + random.Next(-2, 3),
                _ => reference * (decimal)(0.8 + 0.4 * random.NextDouble()),
            };
            // The detector's exact decision: a surge first, else a plunge, else neither.
            var exact = (price - reference) / reference * 100m;
            var decided = exact >= surge ? ThresholdScreen.Change.Surge : exact <= -plunge ? ThresholdScreen.Change.Plunge : ThresholdScreen.Change.Inside;
            var screen = ThresholdScreen.Classify(price, reference, (double)surge, (double)plunge);
            if (screen == ThresholdScreen.Change.Uncertain) continue;
            certain[screen] = certain.GetValueOrDefault(screen) + 1;
            Assert.True(screen == decided, $"{price} against {reference}: {exact} screened as {screen}, exactly {decided}, for +{surge}/−{plunge}");
        }
        foreach (var outcome in new[] { ThresholdScreen.Change.Inside, ThresholdScreen.Change.Surge, ThresholdScreen.Change.Plunge })
            Assert.True(certain.GetValueOrDefault(outcome) > 10_000, $"only {certain.GetValueOrDefault(outcome)} certainly {outcome}");
    }

    [Theory]
    [InlineData(10_300, 10_000)]   // exactly +3 %: a surge
    [InlineData(10_299, 10_000)]
    [InlineData(10_301, 10_000)]
    [InlineData(9_700, 10_000)]    // exactly −3 %: a plunge
    [InlineData(9_701, 10_000)]
    [InlineData(9_699, 10_000)]
    public void Classify_LeavesTheThresholdsAndTheirNeighboursToTheExactTest_OnlyWhenTooClose(int price, int reference)
    {
        var screen = ThresholdScreen.Classify(price, reference, 3.0, 3.0);
        if (price is 10_300 or 9_700)
            Assert.Equal(ThresholdScreen.Change.Uncertain, screen);
        else
            Assert.Equal(price switch { 10_299 or 9_701 => ThresholdScreen.Change.Inside, 10_301 => ThresholdScreen.Change.Surge, _ => ThresholdScreen.Change.Plunge }, screen);
    }

    [Fact]
    public void VolumeIsBelow_OnlyWhenTheExactTestSaysBelow()
    {
        var random = new Random(1818);
        var screened = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var multiple = Thresholds[random.Next(Thresholds.Length)];
            long count = random.Next(1, 13);
            var sum = (long)random.Next(0, 5_000_000);
            var averageDouble = (double)sum / count;
            var average = (decimal)averageDouble;
            var target = multiple * average;
            var volume = random.Next(3) switch
            {
                0 => (long)decimal.Round(target) + random.Next(-1, 2),
                1 => (long)decimal.Ceiling(target),
                _ => (long)random.Next(0, 30_000_000),
            };
            if (volume < 0) volume = 0;
            if (!ThresholdScreen.VolumeIsBelow(volume, averageDouble, (double)multiple)) continue;
            screened++;
            Assert.True(volume < target, $"{volume} screened out against {multiple} × {average}");
        }
        Assert.True(screened > 10_000, $"only {screened} screened");
    }
}
