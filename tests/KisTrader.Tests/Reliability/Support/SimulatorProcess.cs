using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KisTrader.Testing;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>The simulator as its own process (dotnet KisTrader.Simulator.dll) on a free loopback port with a state
/// directory, so it is the broker that outlives every crash of the app; plus its control endpoint.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SimulatorProcess(Process process, int port)
    {
        _process = process;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Control = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
    }

    public Uri BaseUrl { get; }
    public Uri WebSocketUrl => new($"ws://{BaseUrl.Authority}/tryitout");
    public HttpClient Control { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string Dll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Simulator", "bin", configuration, "net10.0", "KisTrader.Simulator.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build KisTrader.Simulator first.", dll);
        }
    }

    /// <param name="extraArgs">More command-line settings, e.g. <c>--Simulator:Mode Real</c>.</param>
    public static async Task<SimulatorProcess> StartAsync(string stateDirectory, int seed, decimal initialCash, params string[] extraArgs)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = stateDirectory };
        foreach (var a in new[] { Dll, "--urls", $"http://127.0.0.1:{port}", "--Simulator:StateDirectory", stateDirectory,
                     "--Simulator:Seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--Simulator:InitialCash", initialCash.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(extraArgs))
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = psi };
        var sim = new SimulatorProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (sim._output) sim._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (sim._output) sim._output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                (await sim.Control.GetAsync("sim/control/state")).EnsureSuccessStatusCode();
                return sim;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch
            {
                await sim.DisposeAsync();
                throw new InvalidOperationException("The simulator did not start:\n" + sim.Output);
            }
        }
    }

    /// <summary>Replaces the faults in force (POST /sim/control/faults; missing fields are 0).</summary>
    public async Task SetFaultsAsync(object faults) =>
        (await Control.PostAsJsonAsync("sim/control/faults", faults, Json)).EnsureSuccessStatusCode();

    /// <summary>The exchange's orders and holdings at one instant (GET /sim/control/orders).</summary>
    public async Task<BrokerSnapshot> SnapshotAsync() =>
        (await Control.GetFromJsonAsync<BrokerSnapshot>("sim/control/orders", Json))!;

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
