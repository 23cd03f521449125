using KisTrader.Core.Market;

namespace KisTrader.Simulator;

public enum SimulatorMode
{
    /// <summary>KIS 모의투자 (VTS): paper TR IDs, paper page sizes, real-only functions refused.</summary>
    Paper,
    /// <summary>KIS 실전: real TR IDs, real page sizes, every emulated function available.</summary>
    Real,
}

/// <summary>Options of the simulator, bindable from the configuration section "Simulator".</summary>
public sealed class SimulatorSettings
{
    public const string SectionName = "Simulator";

    public SimulatorMode Mode { get; set; } = SimulatorMode.Paper;
    public int Seed { get; set; } = 42;
    public decimal InitialCash { get; set; } = 100_000_000m;
    /// <summary>true = orders and prices around the clock (the demo); false = KRX hours (KisTrader.Core.Market.KrxCalendar) on weekdays.</summary>
    public bool AlwaysOpen { get; set; } = true;
    /// <summary>Simulated market time runs this many times faster than the host clock.</summary>
    public int TimeAcceleration { get; set; } = 1;
    /// <summary>null = in-memory only; else accounts, orders, tokens and the market survive restarts (JSON, atomic writes).</summary>
    public string? StateDirectory { get; set; }
    /// <summary>REST calls per second per app key; above it EGW00201. Real KIS paper allows about 1–2/s.</summary>
    public double RateLimitPerSecond { get; set; } = 25;
    /// <summary>H0STCNI0/H0STCNI9 layout: 26 fields (current) or 23 (legacy).</summary>
    public int NoticeFieldCount { get; set; } = 26;
    public TimeSpan PingPongInterval { get; set; } = TimeSpan.FromSeconds(100);
    /// <summary>null = the default universe of about 20 KOSPI/KOSDAQ large caps.</summary>
    public List<SimulatedInstrument>? Universe { get; set; }
    /// <summary>null = any appkey/appsecret pair is accepted.</summary>
    public List<FixedCredential>? FixedAppKeys { get; set; }
    /// <summary>null = any 8-digit CANO with ACNT_PRDT_CD 01 opens an account on first use. Entries are 8-digit CANOs.</summary>
    public List<string>? FixedAccounts { get; set; }
    public FaultSettings Faults { get; set; } = new();
    /// <summary>Host time between two price steps of every instrument.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Business days of generated daily history, ending the day before the simulator's first trading day. A fixed
    /// count (not a fixed first date) keeps the market's shape the same whatever the date: same seed → same market.</summary>
    public int HistoryDays { get; set; } = 1500;

    /// <summary>Errors as "Simulator:Key message"; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string message) { if (!ok) errors.Add($"{SectionName}:{key} {message}"); }
        Check(Enum.IsDefined(Mode), nameof(Mode), "must be Paper or Real");
        Check(InitialCash >= 0, nameof(InitialCash), "must not be negative");
        Check(TimeAcceleration is >= 1 and <= 100_000, nameof(TimeAcceleration), "must be between 1 and 100000");
        Check(RateLimitPerSecond > 0 && double.IsFinite(RateLimitPerSecond), nameof(RateLimitPerSecond), "must be a positive number");
        Check(NoticeFieldCount is 23 or 26, nameof(NoticeFieldCount), "must be 26 (current) or 23 (legacy)");
        Check(PingPongInterval > TimeSpan.Zero, nameof(PingPongInterval), "must be positive");
        Check(TickInterval >= TimeSpan.FromMilliseconds(10), nameof(TickInterval), "must be at least 10 ms");
        Check(HistoryDays is >= 60 and <= 2500, nameof(HistoryDays), "must be between 60 and 2500 (the 60-day average needs 60 days)");
        if (Universe is not null)
        {
            Check(Universe.Count > 0, nameof(Universe), "must not be empty");
            for (var i = 0; i < Universe.Count; i++)
            {
                var u = Universe[i];
                Check(u.Code is { Length: 6 } && u.Code.All(char.IsAsciiLetterOrDigit), $"{nameof(Universe)}:{i}:Code", "must be a 6-character stock code");
                Check(!string.IsNullOrWhiteSpace(u.Name), $"{nameof(Universe)}:{i}:Name", "is required");
                Check(u.Price > 0, $"{nameof(Universe)}:{i}:Price", "must be positive");
                Check(u.DailyVolume > 0, $"{nameof(Universe)}:{i}:DailyVolume", "must be positive");
            }
            Check(Universe.Select(u => u.Code).Distinct().Count() == Universe.Count, nameof(Universe), "has duplicate codes");
        }
        if (FixedAccounts is not null)
            for (var i = 0; i < FixedAccounts.Count; i++)
                Check(FixedAccounts[i] is { Length: 8 } a && a.All(char.IsAsciiDigit), $"{nameof(FixedAccounts)}:{i}", "must be an 8-digit CANO");
        if (FixedAppKeys is not null)
            for (var i = 0; i < FixedAppKeys.Count; i++)
                Check(!string.IsNullOrEmpty(FixedAppKeys[i].AppKey) && !string.IsNullOrEmpty(FixedAppKeys[i].AppSecret), $"{nameof(FixedAppKeys)}:{i}", "needs AppKey and AppSecret");
        errors.AddRange(Faults.Validate().Select(e => $"{SectionName}:{nameof(Faults)}:{e}"));
        return errors;
    }
}

/// <summary>One listed instrument of the simulated market.</summary>
public sealed class SimulatedInstrument
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public KrxMarket Market { get; set; } = KrxMarket.Kospi;
    /// <summary>Price level the market is generated around (KRW).</summary>
    public decimal Price { get; set; }
    /// <summary>Typical shares traded per day.</summary>
    public long DailyVolume { get; set; } = 1_000_000;
    public long ListedShares { get; set; } = 100_000_000;
    /// <summary>Sector name shown as bstp_kor_isnm.</summary>
    public string Sector { get; set; } = "";
}

public sealed class FixedCredential
{
    public string AppKey { get; set; } = "";
    public string AppSecret { get; set; } = "";
}
