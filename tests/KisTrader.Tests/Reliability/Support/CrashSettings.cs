using System.Globalization;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>The harness's knobs: KISTRADER_CRASH_SEED (default: a new seed each run, printed) and
/// KISTRADER_CRASH_KILLS (default 50; more for a long run).</summary>
internal sealed record CrashSettings(int Seed, int Kills)
{
    public const int DefaultKills = 50;

    public static CrashSettings FromEnvironment()
    {
        var seed = Environment.GetEnvironmentVariable("KISTRADER_CRASH_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next(1, int.MaxValue);
        var kills = Environment.GetEnvironmentVariable("KISTRADER_CRASH_KILLS") is { Length: > 0 } k
            ? int.Parse(k, CultureInfo.InvariantCulture)
            : DefaultKills;
        return new CrashSettings(seed, Math.Max(1, kills));
    }
}
