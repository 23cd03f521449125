using KisTrader.Core.Market;
using KisTrader.Simulator.Market;

namespace KisTrader.Tests.Simulator;

/// <summary>The period chart answers FID_ORG_ADJ_PRC faithfully: 005930's 1:50 split effective 2024-05-02
/// (<see cref="CorporateActions"/>) makes raw prices before that date 50 times the adjusted ones.</summary>
public sealed class CorporateActionTests
{
    private static async Task<List<(string Date, decimal Open, decimal High, decimal Low, decimal Close)>> ChartAsync(SimClient c, string adjustment)
    {
        var r = await c.GetAsync(SimClient.QuotePath + "inquire-daily-itemchartprice", "FHKST03010100",
        [
            ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_DATE_1", "20240415"), ("FID_INPUT_DATE_2", "20240515"),
            ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", adjustment),
        ]);
        Assert.Equal("0", r.RtCd);
        return [.. r.Output2.EnumerateArray().Select(x => (x.GetProperty("stck_bsop_date").GetString()!,
            SimClient.D(x.GetProperty("stck_oprc").GetString()!), SimClient.D(x.GetProperty("stck_hgpr").GetString()!),
            SimClient.D(x.GetProperty("stck_lwpr").GetString()!), SimClient.D(x.GetProperty("stck_clpr").GetString()!))).Reverse()];
    }

    [Fact]
    public async Task PeriodChart_OriginalPrices_Are50TimesTheAdjustedOnesBeforeTheSplit_AndEqualFromIt()
    {
        await using var c = await SimClient.StartAsync(s => s.Seed = 11);
        var adjusted = await ChartAsync(c, "0");
        var raw = await ChartAsync(c, "1");

        Assert.Equal(adjusted.Select(b => b.Date), raw.Select(b => b.Date));
        Assert.Contains(adjusted, b => b.Date == "20240430");
        Assert.Contains(adjusted, b => b.Date == "20240502");
        for (var i = 0; i < raw.Count; i++)
        {
            var k = string.CompareOrdinal(raw[i].Date, "20240502") < 0 ? 50m : 1m;
            Assert.Equal((adjusted[i].Open * k, adjusted[i].High * k, adjusted[i].Low * k, adjusted[i].Close * k),
                (raw[i].Open, raw[i].High, raw[i].Low, raw[i].Close));
            var date = DateOnly.ParseExact(raw[i].Date, "yyyyMMdd");
            foreach (var p in new[] { raw[i].Open, raw[i].High, raw[i].Low, raw[i].Close })
                Assert.True(KrxRules.IsOnTick(p, KrxMarket.Kospi, InstrumentKind.Stock, date), $"raw {p} on {date} is off the grid");
        }
        // The split day is the only raw move beyond ±30%; the adjusted series moves as usual.
        var split = raw.FindIndex(b => b.Date == "20240502");
        Assert.True(raw[split].Close < raw[split - 1].Close * 0.1m);
        Assert.InRange(adjusted[split].Close / adjusted[split - 1].Close, 0.7m, 1.3m);
    }

    [Fact]
    public async Task PeriodChart_RefusesAnUnknownAdjustmentCode()
    {
        await using var c = await SimClient.StartAsync(s => s.Seed = 11);
        var r = await c.GetAsync(SimClient.QuotePath + "inquire-daily-itemchartprice", "FHKST03010100",
        [
            ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_INPUT_DATE_1", "20240415"), ("FID_INPUT_DATE_2", "20240515"),
            ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "2"),
        ]);
        Assert.NotEqual("0", r.RtCd);
    }
}
