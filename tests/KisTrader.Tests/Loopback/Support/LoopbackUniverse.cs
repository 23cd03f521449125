using KisTrader.Core.Market;
using KisTrader.Simulator;

namespace KisTrader.Tests.Loopback.Support;

/// <summary>The instruments of the loopback simulators: 26 liquid ones (more holdings than one paper balance page of
/// 20 fit in one account) and one thin one whose best level is a handful of shares (partial fills).</summary>
public static class LoopbackUniverse
{
    public const int LiquidCount = 26;
    public const string Thin = "900900";

    public static string Liquid(int index) => (900100 + index).ToString();

    public static List<SimulatedInstrument> Create()
    {
        var list = new List<SimulatedInstrument>();
        for (var i = 0; i < LiquidCount; i++)
        {
            list.Add(new SimulatedInstrument
            {
                Code = Liquid(i),
                Name = $"루프백{i:D2}",
                Market = i % 3 == 0 ? KrxMarket.Kosdaq : KrxMarket.Kospi,
                Price = 5_000m + 1_000m * i,
                DailyVolume = 2_000_000,
                ListedShares = 50_000_000,
                Sector = "테스트",
            });
        }
        list.Add(new SimulatedInstrument
        {
            Code = Thin, Name = "루프백얇은", Market = KrxMarket.Kospi, Price = 10_000m, DailyVolume = 20_000, ListedShares = 10_000_000, Sector = "테스트",
        });
        return list;
    }
}
