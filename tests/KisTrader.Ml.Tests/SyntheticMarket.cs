using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Ml.Tests;

/// <summary>
/// A seeded synthetic daily history: instruments following a common market factor plus their own noise, the KOSPI and
/// KOSDAQ indexes, on KRX trading days from 2021. About one session in seventeen an instrument has a volume spike (four
/// times its usual volume). With <c>pattern</c> on, each spike is followed by five sessions of upward drift (and the other sessions drift down a little, so the market
/// as a whole does not rise), so the
/// features can see what the label rewards; with it off the spikes come and go with no consequence, and nothing in
/// the bars says anything about the future.
/// </summary>
public static class SyntheticMarket
{
    public static readonly DateOnly Start = new(2021, 1, 4);
    private static readonly DateTimeOffset Collected = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<DateOnly> TradingDays(int sessions)
    {
        var calendar = new KrxCalendar();
        var days = new List<DateOnly>(sessions);
        for (var d = Start; days.Count < sessions; d = d.AddDays(1))
            if (calendar.IsTradingDay(d)) days.Add(d);
        return days;
    }

    public static List<HistoryBar> Generate(int seed, int instruments, int sessions, bool pattern, double spikeChance = 0.06, double drift = 0.015)
    {
        var random = new Random(seed);
        var days = TradingDays(sessions);
        var market = new double[sessions];
        var kosdaqFactor = new double[sessions];
        for (var t = 0; t < sessions; t++)
        {
            market[t] = Normal(random) * 0.008;
            kosdaqFactor[t] = market[t] + Normal(random) * 0.004;
        }
        // The share of sessions inside a lift (a spike in one of the five sessions before).
        var lifted = 1 - Math.Pow(1 - spikeChance, 5);
        var rows = new List<HistoryBar>();
        rows.AddRange(Index(MarketIndexes.Kospi, 2500, market, days));
        rows.AddRange(Index(MarketIndexes.Kosdaq, 850, kosdaqFactor, days));
        for (var k = 0; k < instruments; k++)
        {
            var ticker = (100000 + k * 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var close = 10_000.0 + random.Next(0, 40) * 1000;
            var baseVolume = 100_000 + random.Next(0, 900_000);
            var beta = 0.6 + random.NextDouble() * 0.8;
            var driftLeft = 0;
            for (var t = 0; t < sessions; t++)
            {
                var spike = random.NextDouble() < spikeChance;
                // Outside the lifted sessions a small fall, so the pattern does not make the whole market rise.
                var mu = driftLeft > 0 ? drift : pattern ? -drift * lifted / (1 - lifted) : 0.0;
                if (driftLeft > 0) driftLeft--;
                var open = close * Math.Exp(Normal(random) * 0.003 + mu / 4);
                var next = open * Math.Exp(beta * market[t] + Normal(random) * 0.014 + mu * 3 / 4);
                var high = Math.Max(open, next) * (1 + Math.Abs(Normal(random)) * 0.006);
                var low = Math.Min(open, next) * (1 - Math.Abs(Normal(random)) * 0.006);
                var volume = (long)(baseVolume * Math.Exp(Normal(random) * 0.25) * (spike ? 4 : 1));
                decimal Won(double x) => Math.Round((decimal)x, 0);
                var (o, h, l, c) = (Won(open), Won(high), Won(low), Won(next));
                h = Math.Max(h, Math.Max(o, c));
                l = Math.Min(l, Math.Min(o, c));
                rows.Add(HistoryBar.Daily(ticker, days[t], o, h, l, c, volume, c * volume, "synthetic", Collected));
                close = next;
                // The pattern: a spike at t lifts the next five sessions (t + 1 … t + 5).
                if (pattern && spike) driftLeft = 5;
            }
        }
        return rows;
    }

    private static IEnumerable<HistoryBar> Index(string code, double level, double[] returns, IReadOnlyList<DateOnly> days)
    {
        for (var t = 0; t < returns.Length; t++)
        {
            var open = level;
            level *= Math.Exp(returns[t]);
            var (o, c) = (Math.Round((decimal)open, 2), Math.Round((decimal)level, 2));
            yield return HistoryBar.Daily(code, days[t], o, Math.Max(o, c), Math.Min(o, c), c, 1_000_000, 0m, "synthetic", Collected);
        }
    }

    /// <summary>Standard normal by Box-Muller from the seeded generator.</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
