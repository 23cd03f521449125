using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KisTrader.Testing;

namespace KisTrader.Tests.Simulator;

/// <summary>The simulator as its own executable (dotnet KisTrader.Simulator.dll --urls …).</summary>
public sealed class StandaloneTests
{
    private static string SimulatorDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Simulator", "bin", configuration, "net10.0", "KisTrader.Simulator.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build KisTrader.Simulator first.", dll);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static Process Launch(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(SimulatorDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task Executable_ServesOnTheGivenUrl()
    {
        var port = FreePort();
        using var process = Launch("--urls", $"http://127.0.0.1:{port}", "--Simulator:Seed", "7", "--Simulator:Mode", "Real");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            string? state = null;
            for (var i = 0; i < 100 && state is null; i++)
            {
                try { state = await http.GetStringAsync("/sim/control/state"); }
                catch (HttpRequestException) { await Task.Delay(200); }
                if (process.HasExited) Assert.Fail("the simulator exited: " + await process.StandardError.ReadToEndAsync());
            }
            Assert.NotNull(state);
            Assert.Contains("\"mode\":\"Real\"", state);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task MalformedConfiguration_StopsWithExitCode2NamingTheKey()
    {
        using var process = Launch("--urls", "http://127.0.0.1:0", "--Simulator:Seed", "not-a-number");
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Simulator:Seed", stderr);
    }
}
