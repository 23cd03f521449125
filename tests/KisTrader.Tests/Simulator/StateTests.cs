using KisTrader.Simulator;
using KisTrader.Testing;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>StateDirectory: accounts, orders, tokens and the market survive a restart.</summary>
public sealed class StateTests
{
    [Fact]
    public async Task AccountsOrdersTokensAndPrices_SurviveARestart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-sim-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var time = new ManualTimeProvider(FridayMorning);
            string token, odno;
            decimal cash, last;
            await using (var c = await StartAsync(s => s.StateDirectory = dir, time))
            {
                c.Ticks(10);
                Assert.Equal("0", (await c.BuyAsync("005930", 4)).RtCd);
                var bid = D((await c.AskingAsync("005930")).Output1.GetProperty("bidp1").GetString()!);
                odno = (await c.BuyAsync("005930", 2, "00", bid - 1000)).S("ODNO");
                cash = D((await c.BalanceAsync()).Output2[0].GetProperty("dnca_tot_amt").GetString()!);
                last = D((await c.PriceAsync("005930")).S("stck_prpr"));
                token = c.Token;
                Assert.True(File.Exists(Path.Combine(dir, "simulator-state.json")));
            }

            time.Advance(TimeSpan.FromSeconds(1));
            await using (var c = await StartAsync(s => { s.StateDirectory = dir; s.TickInterval = TimeSpan.FromHours(1); }, time, withToken: false))
            {
                c.Token = token; // the issued token is still valid
                var balance = await c.BalanceAsync();
                Assert.Equal("0", balance.RtCd);
                Assert.Equal("4", balance.Output1[0].GetProperty("hldg_qty").GetString());
                Assert.Equal(cash, D(balance.Output2[0].GetProperty("dnca_tot_amt").GetString()!));
                Assert.Equal(last, D((await c.PriceAsync("005930")).S("stck_prpr")));
                var open = await c.DailyCcldAsync(ccld: "02");
                Assert.Equal(odno, open.Output1[0].GetProperty("odno").GetString());
                // The order-number sequence continues.
                var next = await c.BuyAsync("005930", 1);
                Assert.True(string.CompareOrdinal(next.S("ODNO"), odno) > 0);
                // The resting order went back on the book: it can be cancelled.
                Assert.Equal("0", (await c.ModifyAsync("00950", odno, "02", 0, 0, all: true)).RtCd);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
