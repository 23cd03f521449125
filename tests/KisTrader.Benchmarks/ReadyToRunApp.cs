using System.Diagnostics;
using KisTrader.Testing;

namespace KisTrader.Benchmarks;

/// <summary>The web app published with ReadyToRun (<c>dotnet publish -c Release -r linux-x64 --self-contained false
/// -p:PublishReadyToRun=true</c>): the app and its NuGet dependencies precompiled by crossgen2, so a start JIT-compiles
/// far less. Published into <c>artifacts/cold-start-r2r</c> (its own obj and bin through <c>--artifacts-path</c>, so the
/// projects' Debug outputs are left alone; incremental on the next run). The crossgen2 and runtime packs come from the
/// package feed: when they cannot be restored the configuration is skipped with the reason.</summary>
public static class ReadyToRunApp
{
    public sealed record Result(string? Dll, string? Skipped, TimeSpan PublishTime);

    public static async Task<Result> PublishAsync()
    {
        var root = Path.Combine(AppProcess.RepoRoot, "artifacts", "cold-start-r2r");
        var output = Path.Combine(root, "app");
        var project = Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Web", "KisTrader.Web.csproj");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                     "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(root, "build"), "-o", output, "-nologo", "-v", "q" })
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        await process.WaitForExitAsync(timeout.Token);
        var dll = Path.Combine(output, "KisTrader.Web.dll");
        if (process.ExitCode != 0 || !File.Exists(dll))
        {
            var text = (await stdout + "\n" + await stderr).Trim();
            var firstError = text.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? text.Split('\n')[0];
            return new Result(null, $"dotnet publish exited {process.ExitCode}: {firstError.Trim()}", clock.Elapsed);
        }
        return new Result(dll, null, clock.Elapsed);
    }
}
