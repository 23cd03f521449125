using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>About twenty KOSPI/KOSDAQ large caps with their real codes and names, at plausible 2026 price levels.</summary>
public static class DefaultUniverse
{
    public static List<SimulatedInstrument> Create() =>
    [
        New("005930", "삼성전자", KrxMarket.Kospi, 98_000m, 15_000_000, 5_969_782_550, "전기·전자"),
        New("000660", "SK하이닉스", KrxMarket.Kospi, 560_000m, 3_000_000, 728_002_365, "전기·전자"),
        New("373220", "LG에너지솔루션", KrxMarket.Kospi, 390_000m, 250_000, 234_000_000, "전기·전자"),
        New("207940", "삼성바이오로직스", KrxMarket.Kospi, 1_050_000m, 60_000, 71_174_000, "의약품"),
        New("005380", "현대차", KrxMarket.Kospi, 250_000m, 600_000, 204_757_766, "운수장비"),
        New("000270", "기아", KrxMarket.Kospi, 110_000m, 1_000_000, 393_100_000, "운수장비"),
        New("068270", "셀트리온", KrxMarket.Kospi, 185_000m, 700_000, 216_000_000, "의약품"),
        New("035420", "NAVER", KrxMarket.Kospi, 240_000m, 600_000, 158_437_008, "서비스업"),
        New("035720", "카카오", KrxMarket.Kospi, 60_000m, 2_000_000, 442_000_000, "서비스업"),
        New("105560", "KB금융", KrxMarket.Kospi, 115_000m, 900_000, 393_000_000, "금융업"),
        New("055550", "신한지주", KrxMarket.Kospi, 70_000m, 1_100_000, 509_000_000, "금융업"),
        New("005490", "POSCO홀딩스", KrxMarket.Kospi, 320_000m, 300_000, 84_571_230, "철강·금속"),
        New("051910", "LG화학", KrxMarket.Kospi, 330_000m, 300_000, 70_592_343, "화학"),
        New("006400", "삼성SDI", KrxMarket.Kospi, 280_000m, 500_000, 68_764_530, "전기·전자"),
        New("012330", "현대모비스", KrxMarket.Kospi, 300_000m, 250_000, 91_795_369, "운수장비"),
        New("066570", "LG전자", KrxMarket.Kospi, 85_000m, 700_000, 163_647_814, "전기·전자"),
        New("017670", "SK텔레콤", KrxMarket.Kospi, 55_000m, 500_000, 214_790_053, "통신업"),
        New("247540", "에코프로비엠", KrxMarket.Kosdaq, 150_000m, 600_000, 97_801_344, "일반전기전자"),
        New("086520", "에코프로", KrxMarket.Kosdaq, 80_000m, 900_000, 136_990_000, "금융"),
        New("196170", "알테오젠", KrxMarket.Kosdaq, 450_000m, 300_000, 53_400_000, "제약"),
        New("028300", "HLB", KrxMarket.Kosdaq, 55_000m, 1_200_000, 131_000_000, "제약"),
        New("263750", "펄어비스", KrxMarket.Kosdaq, 35_000m, 500_000, 64_000_000, "디지털컨텐츠"),
    ];

    private static SimulatedInstrument New(string code, string name, KrxMarket market, decimal price, long volume, long shares, string sector) =>
        new() { Code = code, Name = name, Market = market, Price = price, DailyVolume = volume, ListedShares = shares, Sector = sector };
}
