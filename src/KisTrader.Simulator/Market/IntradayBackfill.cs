using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>
/// Today's trading up to now for a day the simulator did not watch from its open (a start mid-session, or a day change
/// it stepped into late). A real market that has been open for hours has traded for hours: KIS then shows a price that
/// moved from the open, the volume of those hours and their minute bars, never a flat day with no volume. Each minute
/// runs the live process (<see cref="IntradayProcess"/>) in three steps and trades the live flow's expected volume.
/// The randomness is seeded by instrument only, so the same seed and time of day give the same day whatever the date.
/// </summary>
internal static class IntradayBackfill
{
    private const int StepsPerMinute = 3;

    public static void Run(InstrumentState s, DateTimeOffset from, DateTimeOffset to, SimulatorSettings settings)
    {
        var minutes = (int)Math.Floor((to - from).TotalMinutes);
        if (minutes <= 0) return;
        var rng = SeededRandom.For(settings.Seed, s.Code, 3);
        var ticksPerStep = TimeSpan.FromMinutes(1) / StepsPerMinute / settings.TickInterval;
        var regimeLeft = (double)s.RegimeTicks;
        for (var m = 0; m < minutes; m++)
        {
            var start = from.AddMinutes(m);
            var open = s.Last;
            decimal high = 0m, low = decimal.MaxValue, close = open;
            for (var i = 0; i < StepsPerMinute; i++)
            {
                regimeLeft -= ticksPerStep;
                if (regimeLeft <= 0) { s.Regime = RegimeParameters.Next(rng); regimeLeft = rng.Next(600, 3600); }
                IntradayProcess.Advance(s, ticksPerStep, rng);
                close = KrxRules.FloorToTick(Math.Clamp((decimal)Math.Exp(s.LogFair), s.Limits.Lower, s.Limits.Upper), s.Market, InstrumentKind.Stock, s.TradingDate);
                if (i == 0) open = close;
                high = Math.Max(high, close);
                low = Math.Min(low, close);
            }
            // The minute's flow: its expected volume with a little noise (keeping the mean of the live flow's noise).
            var expected = IntradayFlow.PerSecond(s.Definition, start, settings.AlwaysOpen) * 60 * IntradayFlow.NoiseMean;
            var volume = (long)Math.Round(expected * Math.Exp(0.2 * rng.NextGaussian() - 0.02));
            if (volume <= 0) continue;
            // Buyers lead a rising minute, sellers a falling one (as the live flow's 70/30 split).
            var buyShare = close > open ? 0.7 : close < open ? 0.3 : 0.5;
            var buy = (long)Math.Round(volume * buyShare);
            s.RecordMinute(start, open, high, low, close, buy, volume - buy);
        }
        s.RegimeTicks = Math.Max(1, (int)Math.Min(regimeLeft, int.MaxValue));
    }
}
