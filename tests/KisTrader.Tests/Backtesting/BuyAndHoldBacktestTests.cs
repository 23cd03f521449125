using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Backtesting;

/// <summary>
/// Acceptance: buy-and-hold over the hand-made <see cref="YearEndFixture"/> (2025-12-22 to 2026-01-07, 30,000,000 won,
/// commission 0.015%, no slippage) equals a hand calculation to the won.
/// <para>Each instrument gets floor(30,000,000 / 3) = 10,000,000. At the first open (2025-12-22) the most whole shares
/// whose cost with commission fits:</para>
/// <list type="bullet">
/// <item>005930 at 55,000: 10,000,000 / (55,000 × 1.00015) = 181.8 → 181; 181 × 55,000 = 9,955,000; commission
/// floor(1,493.25) = 1,493 (182 shares would cost 10,010,000).</item>
/// <item>000660 at 120,000: 10,000,000 / 120,018 = 83.3 → 83; 9,960,000; commission floor(1,494.0) = 1,494.</item>
/// <item>035720 (KOSDAQ) at 41,250: 10,000,000 / 41,256.19 = 242.4 → 242; 9,982,500; commission floor(1,497.375) = 1,497.</item>
/// </list>
/// <para>Cash left: 30,000,000 − (9,955,000 + 9,960,000 + 9,982,500) − (1,493 + 1,494 + 1,497) = 30,000,000 − 29,897,500
/// − 4,484 = 98,016. The buys settle T+2 on 2025-12-24, so from then the settled deposit is 98,016 too.</para>
/// <para>Last closes (2026-01-07): 58,300, 131,500, 39,800. Held: 181 × 58,300 = 10,552,300; 83 × 131,500 = 10,914,500;
/// 242 × 39,800 = 9,631,600; securities 31,098,400; equity 98,016 + 31,098,400 = 31,196,416.</para>
/// <para>Liquidated at that close (2026, sell tax 0.20%): commissions floor(1,582.845) = 1,582, floor(1,637.175) = 1,637,
/// floor(1,444.74) = 1,444 (4,663); taxes floor(21,104.6) = 21,104, floor(21,829.0) = 21,829, floor(19,263.2) = 19,263
/// (62,196). D+2 deposit 98,016 + 31,098,400 − 4,663 − 62,196 = 31,129,557; the settled deposit stays 98,016 until the
/// sale settles on 2026-01-09. Commission in all 4,484 + 4,663 = 9,147.</para>
/// </summary>
public sealed class BuyAndHoldBacktestTests
{
    private static readonly DateOnly From = new(2025, 12, 22);
    private static readonly DateOnly To = new(2026, 1, 7);
    private static readonly SimulatedBrokerOptions Account = new() { InitialCash = 30_000_000m };

    [Fact]
    public async Task BuyAndHold_MatchesTheHandCalculation_ToTheWon()
    {
        var result = await new BuyAndHoldStrategy().RunAsync(YearEndFixture.History(), From, To, BarFixture.Calendar, Account);

        Assert.Equal([("000660", 83L, 120_000m, 1_494m), ("005930", 181L, 55_000m, 1_493m), ("035720", 242L, 41_250m, 1_497m)],
            result.Fills.Select(f => (f.Ticker, f.Quantity, f.Price, f.Commission)));
        Assert.All(result.Fills, f => Assert.Equal((Side.Buy, KrxCalendar.OpenOn(From), new DateOnly(2025, 12, 24)), (f.Side, f.Time, f.SettlesOn)));

        // Ten sessions: 12-22, 23, 24, 26, 29, 30, 01-02, 05, 06, 07 (12-25, 12-31 and 01-01 closed).
        Assert.Equal(10, result.Equity.Count);
        // First close: 98,016 + 181 × 55,400 + 83 × 121,500 + 242 × 41,500 = 98,016 + 10,027,400 + 10,084,500 + 10,043,000.
        Assert.Equal(30_252_916m, result.Equity[0].Equity);
        Assert.Equal(31_196_416m, result.Equity[^1].Equity);
        Assert.Equal(31_098_400m, result.Equity[^1].SecuritiesValue);
        Assert.Equal((98_016m, 98_016m), (result.Cash, result.CashD2));
        Assert.Equal((4_484m, 0m), (result.Metrics.Commission, result.Metrics.Tax));
        Assert.Equal(31_196_416m / 30_000_000m - 1m, (decimal)result.Metrics.TotalReturn, 12);
        Assert.Equal(0, result.Metrics.RoundTrips);
    }

    [Fact]
    public async Task BuyAndHold_LiquidatedAtTheEnd_PaysThe2026SellTax_ToTheWon()
    {
        var result = await new BuyAndHoldStrategy(new BuyAndHoldOptions { LiquidateAtEnd = true })
            .RunAsync(YearEndFixture.History(), From, To, BarFixture.Calendar, Account);

        var sales = result.Fills.Where(f => f.Side == Side.Sell).ToList();
        Assert.Equal([("000660", 83L, 131_500m, 1_637m, 21_829m), ("005930", 181L, 58_300m, 1_582m, 21_104m), ("035720", 242L, 39_800m, 1_444m, 19_263m)],
            sales.Select(f => (f.Ticker, f.Quantity, f.Price, f.Commission, f.Tax)));
        Assert.All(sales, f => Assert.Equal((KrxCalendar.CloseOn(To), new DateOnly(2026, 1, 9)), (f.Time, f.SettlesOn)));
        Assert.Equal((98_016m, 31_129_557m), (result.Cash, result.CashD2));
        Assert.Equal(31_129_557m, result.Equity[^1].Equity);
        Assert.Equal(0m, result.Equity[^1].SecuritiesValue);
        Assert.Equal((9_147m, 62_196m), (result.Metrics.Commission, result.Metrics.Tax));
        Assert.Equal(3, result.Metrics.RoundTrips);
    }

    [Fact]
    public async Task BuyAndHold_IsDeterministic()
    {
        var a = await new BuyAndHoldStrategy(new BuyAndHoldOptions { LiquidateAtEnd = true }).RunAsync(YearEndFixture.History(), From, To, BarFixture.Calendar, Account);
        var b = await new BuyAndHoldStrategy(new BuyAndHoldOptions { LiquidateAtEnd = true }).RunAsync(YearEndFixture.History(), From, To, BarFixture.Calendar, Account);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(a), System.Text.Json.JsonSerializer.Serialize(b));
    }
}
