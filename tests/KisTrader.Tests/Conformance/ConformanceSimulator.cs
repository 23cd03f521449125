using System.Security.Cryptography;
using KisTrader.Tests.Reliability.Support;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// The standalone simulator process (dotnet KisTrader.Simulator.dll) in one KIS environment, shared by every
/// conformance class of that environment. Each class takes its own app key and account, so the one-token-a-minute
/// rule and the account state of one class never meet another's.
/// </summary>
public abstract class ConformanceSimulator(string mode) : IAsyncLifetime
{
    private SimulatorProcess? _process;
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "kistrader-conformance-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary><c>Paper</c> (모의투자, "demo" in the official samples, "virtual" in python-kis) or <c>Real</c>.</summary>
    public string Mode { get; } = mode;
    public bool IsPaper => Mode == "Paper";

    /// <summary>What the official samples' kis_devlp.yaml calls <c>vps</c>/<c>prod</c>: the REST base.</summary>
    public Uri RestBase => _process?.BaseUrl ?? throw new InvalidOperationException("not started");

    /// <summary>What kis_devlp.yaml calls <c>vops</c>/<c>ops</c>: the WebSocket host, without a path (the samples append
    /// <c>/tryitout</c>).</summary>
    public string WebSocketBase => "ws://" + RestBase.Authority;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_stateDirectory);
        // The rate limit is raised so no answer here is an EGW00201 (KIS paper allows 1-2/s; the official samples sleep
        // between calls, python-kis throttles itself). PINGPONG every 2 s so the realtime tests see one.
        _process = await SimulatorProcess.StartAsync(_stateDirectory, seed: 42, initialCash: 100_000_000m,
            "--Simulator:Mode", Mode, "--Simulator:RateLimitPerSecond", "1000", "--Simulator:PingPongInterval", "00:00:02");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        try { Directory.Delete(_stateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A new app key pair of the lengths KIS issues (python-kis pykis/__env__.py: APPKEY_LENGTH 36,
    /// SECRETKEY_LENGTH 180).</summary>
    public static KisApp NewApp() => new(RandomText(36), RandomText(180));

    /// <summary>A new 8-digit CANO (종합계좌번호); the product code is "01" (위탁).</summary>
    public static string NewAccount() => RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string RandomText(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, alphabet, (span, a) => { for (var i = 0; i < span.Length; i++) span[i] = a[RandomNumberGenerator.GetInt32(a.Length)]; });
    }
}

public sealed record KisApp(string AppKey, string AppSecret);

public sealed class PaperSimulator() : ConformanceSimulator("Paper");

public sealed class RealSimulator() : ConformanceSimulator("Real");

[CollectionDefinition(Name)]
public sealed class PaperConformanceCollection : ICollectionFixture<PaperSimulator>
{
    public const string Name = "Conformance: standalone simulator, paper";
}

[CollectionDefinition(Name)]
public sealed class RealConformanceCollection : ICollectionFixture<RealSimulator>
{
    public const string Name = "Conformance: standalone simulator, real";
}
