using System.Globalization;
using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Testing.Learning;

/// <summary>The five failure patterns planted in the learning benchmark's history.</summary>
public enum PlantedPattern
{
    /// <summary>Five sessions of +3% a day (RSI above 70), then a −9% session and five of −4%.</summary>
    OverboughtRunUp,
    /// <summary>After a steady 40-session rise, one session of −20%, a pause, and three more of −6%.</summary>
    SharpDrop,
    /// <summary>Closing-auction markup: on a session that opens up, the close prints 5–7% above where the price stands,
    /// and the next session opens back from there. Daily bars only: an entry decided in the last half hour (15:00)
    /// fills at that close, one decided at the open fills at the open.</summary>
    LateEntry,
    /// <summary>A four-session rise of 2% a day and twelve more creeping up, which a trend follower keeps adding to, then
    /// a −9% gap (a profit warning) and a ten-session slide on half a percent of the normal volume, which a big position
    /// cannot get out of quickly (the broker fills at most 5% of a session's volume: a few million KRW a session).</summary>
    Oversized,
    /// <summary>A +5% "breakout" on 15% of the normal volume, then four sessions giving it back and more.</summary>
    ThinVolume,
}

/// <summary>Where a pattern was planted: entries in <paramref name="Ticker"/> decided on a session from
/// <paramref name="From"/> to <paramref name="To"/> (inclusive) are the pattern's. The late-entry pattern has no
/// window: it is every entry decided in the last half hour outside the other windows.</summary>
public sealed record PlantedEvent(PlantedPattern Pattern, string Ticker, DateOnly From, DateOnly To)
{
    public bool Covers(string ticker, DateOnly day) => ticker == Ticker && day >= From && day <= To;
}

/// <summary>The benchmark's seeded daily history: <see cref="Instruments"/> random walks over a warm-up and two
/// periods, each instrument with one or two planted events per period (the patterns rotate over the instruments), and the
/// closing-auction markup on every ordinary session that opens up.</summary>
public sealed record LearningHistory(
    IReadOnlyList<HistoryBar> Rows,
    IReadOnlyList<DateOnly> Sessions,
    DateOnly FirstFrom,
    DateOnly FirstTo,
    DateOnly SecondFrom,
    DateOnly SecondTo,
    IReadOnlyList<PlantedEvent> Events,
    int Instruments,
    int Seed)
{
    public const int WarmUpSessions = 80;
    /// <summary>An ordinary session opening more than this above the previous fair close gets the closing markup.</summary>
    private const double MarkupGap = 0.0;

    public static LearningHistory Generate(int instruments, int sessionsPerPeriod, int seed)
    {
        if (instruments < 4) throw new ArgumentOutOfRangeException(nameof(instruments), "at least 4: one per windowed pattern");
        if (sessionsPerPeriod < 75) throw new ArgumentOutOfRangeException(nameof(sessionsPerPeriod), "at least 75 sessions per period");
        var calendar = new KrxCalendar();
        var total = WarmUpSessions + 2 * sessionsPerPeriod;
        var sessions = new List<DateOnly>();
        for (var day = new DateOnly(2021, 1, 4); sessions.Count < total; day = day.AddDays(1))
            if (calendar.IsTradingDay(day)) sessions.Add(day);
        var random = new Random(seed);
        var windowed = new[] { PlantedPattern.OverboughtRunUp, PlantedPattern.SharpDrop, PlantedPattern.Oversized, PlantedPattern.ThinVolume };
        var rows = new List<HistoryBar>();
        var events = new List<PlantedEvent>();
        for (var t = 0; t < instruments; t++)
        {
            var ticker = (200_000 + t * 10).ToString("D6", CultureInfo.InvariantCulture);
            var plan = new DayPlan[total];
            for (var d = 0; d < total; d++)
                plan[d] = new DayPlan(Gauss(random, 0.0012, 0.015), Gauss(random, 0, 0.004), 0.8 + random.NextDouble() * 0.45, true);
            for (var p = 0; p < 2; p++)
            {
                // Two events per instrument and period when the period is long enough (one in each half), else one.
                var slots = sessionsPerPeriod >= 140 ? 2 : 1;
                var slot = sessionsPerPeriod / slots;
                for (var k = 0; k < slots; k++)
                {
                    var pattern = windowed[(t + 2 * p + k) % windowed.Length];
                    // Room for the longest prelude (40 sessions) before the event and its aftermath (26) before the slot ends.
                    var start = WarmUpSessions + p * sessionsPerPeriod + k * slot + 42 + random.Next(0, slot - 72);
                    var (from, to) = Plant(plan, pattern, start, random);
                    events.Add(new PlantedEvent(pattern, ticker, sessions[from], sessions[to]));
                }
            }
            rows.AddRange(Bars(ticker, sessions, plan, random, 10_000m + 2_500m * t));
        }
        var first = WarmUpSessions;
        var second = WarmUpSessions + sessionsPerPeriod;
        return new LearningHistory(rows, sessions, sessions[first], sessions[second - 1], sessions[second], sessions[^1], events, instruments, seed);
    }

    /// <summary>Close-to-close return of the fair price, the open's gap from the previous fair close, the volume
    /// against normal, and whether the closing markup may apply.</summary>
    private readonly record struct DayPlan(double Return, double Gap, double Volume, bool Ordinary);

    /// <summary>Writes the pattern into the plan from session <paramref name="s"/>; returns the sessions whose entries
    /// belong to it.</summary>
    private static (int From, int To) Plant(DayPlan[] plan, PlantedPattern pattern, int s, Random random)
    {
        void Set(int d, double ret, double gap, double volume = 1.0) => plan[d] = new DayPlan(ret + (random.NextDouble() - 0.5) * 0.004, gap, volume, false);
        switch (pattern)
        {
            case PlantedPattern.OverboughtRunUp:
                for (var d = 0; d < 5; d++) Set(s + d, 0.03, 0.012, 1.3);
                Set(s + 5, -0.09, -0.08, 1.5);
                for (var d = 6; d < 11; d++) Set(s + d, -0.04, -0.01, 1.2);
                return (s, s + 10);
            case PlantedPattern.SharpDrop:
                for (var d = -40; d < 0; d++) Set(s + d, 0.01, 0.002);
                Set(s, -0.20, -0.01, 1.8);
                // A pause (the stop-loss sells what was held), then the fall goes on.
                Set(s + 1, -0.01, -0.01, 1.2);
                for (var d = 2; d < 5; d++) Set(s + d, -0.06, -0.01, 1.5);
                return (s + 1, s + 5);
            case PlantedPattern.Oversized:
                for (var d = 0; d < 4; d++) Set(s + d, 0.02, 0.008);
                for (var d = 4; d < 16; d++) Set(s + d, 0.003, 0.002);
                // The warning: a gap down with almost no buyers, and the slide after it just as thin, so a big position
                // takes many sessions to sell (the broker fills at most 5% of a session's volume). At 5% of the normal
                // volume (as first planted) 5% of it still cleared a 50M KRW position in a session or two, so every lot
                // lost the same −7% whatever the size and there was no "oversized" loss to learn; at 0.5% a lot of 8%
                // of the account takes several sessions, and the lots bought last are sold last, lowest.
                Set(s + 16, -0.10, -0.09, 0.005);
                for (var d = 17; d < 26; d++) Set(s + d, -0.025, -0.01, 0.005);
                return (s, s + 16);
            case PlantedPattern.ThinVolume:
                for (var d = -15; d < 0; d++) Set(s + d, 0.006, 0.002);
                Set(s, 0.05, 0.005, 0.15);
                Set(s + 1, -0.04, 0.01);
                for (var d = 2; d < 5; d++) Set(s + d, -0.035, -0.005);
                return (s + 1, s + 2);
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "the late-entry pattern has no window");
        }
    }

    private static IEnumerable<HistoryBar> Bars(string ticker, List<DateOnly> sessions, DayPlan[] plan, Random random, decimal start)
    {
        var fair = (double)start;
        for (var d = 0; d < sessions.Count; d++)
        {
            var day = sessions[d];
            var p = plan[d];
            var open = fair * (1 + p.Gap);
            var close = fair * (1 + p.Return);
            // The planted closing markup: an ordinary session that opens up closes 5–7% above the fair price; the next
            // session starts from the fair price again.
            var printed = p.Ordinary && p.Gap > MarkupGap ? close * (1.05 + random.NextDouble() * 0.02) : close;
            var high = Math.Max(open, printed) * (1 + random.NextDouble() * 0.008);
            var low = Math.Min(open, printed) * (1 - random.NextDouble() * 0.008);
            decimal Grid(double v) => KrxRules.FloorToTick((decimal)v, date: day);
            var (o, h, l, c) = (Grid(open), Grid(high), Grid(low), Grid(printed));
            h = Math.Max(h, Math.Max(o, c));
            l = Math.Min(l, Math.Min(o, c));
            var volume = (long)(1_000_000 * p.Volume);
            yield return HistoryBar.Daily(ticker, day, o, h, l, c, volume, (o + c) / 2 * volume, "seeded", DateTimeOffset.UnixEpoch);
            fair = close;
        }
    }

    private static double Gauss(Random random, double mean, double sd)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
