using KisTrader.Core.Market;
using KisTrader.Simulator;
using KisTrader.Simulator.Market;

namespace KisTrader.Tests.Simulator;

/// <summary>The generated daily history: consistent bars, reproducible by seed, continued by today's market.</summary>
public sealed class HistoryTests
{
    private static readonly DateOnly Start = new(2021, 1, 4);
    private static readonly DateOnly End = new(2026, 11, 20);

    [Fact]
    public void EveryBar_IsConsistentOnTheTickGridAndWithinLimitsOfThePreviousClose()
    {
        foreach (var instrument in DefaultUniverse.Create())
        {
            var bars = HistoryGenerator.Generate(instrument, 42, Start, End);
            Assert.True(bars.Count > 1400);
            Assert.All(bars, b => Assert.True(TradingCalendar.IsBusinessDay(b.Date)));
            for (var i = 0; i < bars.Count; i++)
            {
                var b = bars[i];
                Assert.True(b.High >= Math.Max(b.Open, b.Close) && b.Low <= Math.Min(b.Open, b.Close) && b.Low > 0, $"{instrument.Code} {b}");
                Assert.True(b.Volume > 0);
                foreach (var p in new[] { b.Open, b.High, b.Low, b.Close })
                    Assert.True(KrxRules.IsOnTick(p, instrument.Market, InstrumentKind.Stock, b.Date), $"{instrument.Code} {b.Date} {p}");
                if (i == 0) continue;
                var limits = KrxRules.DailyLimits(bars[i - 1].Close, instrument.Market, InstrumentKind.Stock, b.Date);
                Assert.True(limits.Contains(b.High) && limits.Contains(b.Low), $"{instrument.Code} {b.Date}");
            }
            // The price level stays realistic for the instrument.
            Assert.InRange(bars[^1].Close, instrument.Price * 0.4m, instrument.Price * 2.5m);
        }
    }

    [Fact]
    public void SameSeed_GivesTheSameHistory_AndAnotherSeedADifferentOne()
    {
        var samsung = DefaultUniverse.Create()[0];
        var a = HistoryGenerator.Generate(samsung, 7, Start, End);
        var b = HistoryGenerator.Generate(samsung, 7, Start, End);
        var shorter = HistoryGenerator.Generate(samsung, 7, Start, new DateOnly(2024, 1, 1));
        var other = HistoryGenerator.Generate(samsung, 8, Start, End);
        Assert.Equal(a, b);
        Assert.Equal(shorter, a.Take(shorter.Count));
        Assert.NotEqual(a.Select(x => x.Close), other.Select(x => x.Close));
    }

    [Fact]
    public async Task TodaysBase_IsYesterdaysClose()
    {
        await using var c = await SimClient.StartAsync(s => s.Seed = 11);
        var daily = await c.GetAsync(SimClient.QuotePath + "inquire-daily-price", "FHKST01010400",
            [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "1")]);
        var yesterday = daily.Output[1];
        Assert.Equal("20261119", yesterday.GetProperty("stck_bsop_date").GetString());
        var price = await c.PriceAsync("005930");
        Assert.Equal(yesterday.GetProperty("stck_clpr").GetString(), price.S("stck_sdpr"));
        var expected = HistoryGenerator.GenerateDays(DefaultUniverse.Create()[0], 11, new SimulatorSettings().HistoryDays, new DateOnly(2026, 11, 20));
        Assert.Equal(expected[^1].Close, SimClient.D(price.S("stck_sdpr")));
    }
}
