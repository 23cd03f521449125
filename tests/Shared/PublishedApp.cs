using System.Diagnostics;

namespace KisTrader.Testing;

/// <summary>The web app as <c>dotnet publish</c> lays it out (wwwroot with every package asset and its compressed
/// copies, the publish manifest), made once per test process from the build under test.</summary>
public static class PublishedApp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _dll;

    /// <summary>How long the one publish of this process took (zero until it ran).</summary>
    public static TimeSpan PublishTime { get; private set; }

    /// <summary>The published KisTrader.Web.dll. <c>--no-build</c>: it publishes exactly the build the other tests run
    /// (AppProcess.AppDll), in the same configuration; the publish-only steps (copying package assets into wwwroot,
    /// compressing, the publish manifest) still run.</summary>
    public static async Task<string> DllAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_dll is not null) return _dll;
            var buildDir = Path.GetDirectoryName(AppProcess.AppDll)!;
            var configuration = new DirectoryInfo(buildDir).Parent!.Name;
            var output = Path.Combine(Path.GetTempPath(), "kistrader-publish-" + Guid.NewGuid().ToString("N")[..12]);
            var project = Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Web", "KisTrader.Web.csproj");
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "publish", project, "-c", configuration, "--no-build", "-o", output, "-nologo" }) psi.ArgumentList.Add(a);
            psi.Environment["DOTNET_NOLOGO"] = "1";
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            var clock = Stopwatch.StartNew();
            // Another test process (the browser tests) may publish at the same time: both write the project's obj folder.
            using (await CrossProcessLock.AcquireAsync(Path.Combine(Path.GetTempPath(), "kistrader-publish.lock")))
            using (var process = Process.Start(psi)!)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await process.WaitForExitAsync(timeout.Token);
                if (process.ExitCode != 0)
                    throw new InvalidOperationException($"dotnet publish exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
            }
            PublishTime = clock.Elapsed;
            var dll = Path.Combine(output, "KisTrader.Web.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException("dotnet publish left no app", dll);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(output, recursive: true); } catch (IOException) { } };
            return _dll = dll;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>An exclusive lock on a file, held by one process at a time (released with the handle, also when the
    /// process dies).</summary>
    private static class CrossProcessLock
    {
        public static async Task<IDisposable> AcquireAsync(string path)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    // Held by the other process: it is publishing, which takes seconds.
                    await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
                }
            }
        }
    }
}
