using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace KisTrader.Testing;

/// <summary>
/// The real KisTrader web app started as its own process on a free loopback port, with a
/// temporary working directory for its database and logs.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Test-Admin-Password-1";

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private AppProcess(Process process, string workDir)
    {
        _process = process;
        WorkDir = workDir;
    }

    public string WorkDir { get; }
    public string DataDir => Path.Combine(WorkDir, "data");
    public string LogDir => Path.Combine(WorkDir, "logs");
    public string DatabaseFile => Path.Combine(DataDir, "kistrader.db");
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");
    public string StandardOutput { get { lock (_stdout) return _stdout.ToString(); } }
    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int ProcessId => _process.Id;
    /// <summary>Standard output lines so far (a position to pass to <see cref="WaitForLineAsync"/>).</summary>
    public int LineCount { get { lock (_lines) return _lines.Count; } }
    public int ExitCode => _process.ExitCode;

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KisTrader.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("KisTrader.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string AppDll
    {
        get
        {
            // The test runs from tests/<Project>/bin/<Configuration>/net10.0/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(RepoRoot, "src", "KisTrader.Web", "bin", configuration, "net10.0", "KisTrader.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build KisTrader.Web first.", dll);
        }
    }

    public static string NewWorkDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Starts the app (or lets it fail) without waiting for it to listen.</summary>
    /// <param name="appDll">Another build of the app (for example a <c>dotnet publish</c> output); its folder is the
    /// content root. Default: <see cref="AppDll"/>.</param>
    public static AppProcess Launch(IDictionary<string, string>? env = null, string? workDir = null, string? appDll = null)
    {
        workDir ??= NewWorkDir();
        appDll ??= AppDll;
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(appDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        psi.ArgumentList.Add("--contentRoot");
        psi.ArgumentList.Add(Path.GetDirectoryName(appDll)!);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["Database__DataDirectory"] = Path.Combine(workDir, "data");
        psi.Environment["Logs__Directory"] = Path.Combine(workDir, "logs");
        psi.Environment["Admin__Password"] = AdminPassword;
        if (env is not null)
            foreach (var (k, v) in env) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var app = new AppProcess(process, workDir);
        process.OutputDataReceived += (_, e) => app.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app._stderr) app._stderr.AppendLine(e.Data); };
        process.Exited += (_, _) =>
        {
            app._listening.TrySetException(new InvalidOperationException(
                $"The app exited with code {SafeExitCode(process)} before listening.\nstdout:\n{app.StandardOutput}\nstderr:\n{app.StandardError}"));
            app.FailWaiters();
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public static async Task<AppProcess> StartAsync(IDictionary<string, string>? env = null, string? workDir = null, string? appDll = null)
    {
        var app = Launch(env, workDir, appDll);
        try
        {
            app.BaseUrl = await app._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>The first standard output line from line number <paramref name="from"/> on that matches; fails when the
    /// app exits first or <paramref name="timeout"/> passes.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int from = 0)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            var earlier = _lines.Skip(from).FirstOrDefault(match);
            if (earlier is not null) return earlier;
            _waiters.Add((match, found));
        }
        if (_process.HasExited) FailWaiters();
        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        finally
        {
            lock (_lines) _waiters.RemoveAll(w => w.Found == found);
        }
    }

    private void FailWaiters()
    {
        List<TaskCompletionSource<string>> waiting;
        lock (_lines) waiting = [.. _waiters.Select(w => w.Found)];
        foreach (var w in waiting) w.TrySetException(new InvalidOperationException($"The app exited with code {SafeExitCode(_process)}."));
    }

    /// <summary>SIGKILL for the app (and any child): no shutdown code runs, as in a power cut or an OOM kill. Returns
    /// once the process is gone.</summary>
    public async Task<int> KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_stdout) _stdout.AppendLine(line);
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var w in _waiters.Where(w => w.Match(line)).ToList()) w.Found.TrySetResult(line);
        }
        var m = ListeningPattern().Match(line);
        if (m.Success) _listening.TrySetResult(new Uri(m.Groups[1].Value.TrimEnd('/') + "/"));
    }

    private static int SafeExitCode(Process p) { try { return p.ExitCode; } catch { return -1; } }

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }

    /// <summary>An HTTP client that keeps cookies, signed in as <paramref name="user"/> through the real login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string user = AdminUser, string password = AdminPassword)
    {
        var client = NewClient();
        var response = await SignInAsync(client, user, password);
        if (response.Headers.Location?.OriginalString != "/")
            throw new InvalidOperationException($"Sign-in as {user} failed: {response.StatusCode} {response.Headers.Location}");
        return client;
    }

    public HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = BaseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Signs in through the login form. When it succeeds, the client also sends the signed-in user's antiforgery
    /// token from then on (<see cref="CsrfHeader"/>), as our own pages do: API calls with the cookie need it.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
    {
        var token = FormToken(await client.GetStringAsync("/account/login"));
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = user,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        if (response.Headers.Location?.OriginalString == "/")
        {
            client.DefaultRequestHeaders.Remove(CsrfHeader);
            client.DefaultRequestHeaders.Add(CsrfHeader, await AntiforgeryTokenAsync(client));
        }
        return response;
    }

    /// <summary>The header the app reads the antiforgery token from (CrossSiteRequestGuard.TokenHeader).</summary>
    public const string CsrfHeader = "X-CSRF-TOKEN";

    /// <summary>The antiforgery token a page hands the signed-in user (the account page's form carries one).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var token = FormToken(await client.GetStringAsync("/account/password"));
        return token.Length > 0 ? token : throw new InvalidOperationException("No antiforgery token on /account/password.");
    }

    /// <summary>The antiforgery token of the first form in a page of ours (HTML-decoded), or "" when it has none.</summary>
    public static string FormToken(string html) => WebUtility.HtmlDecode(AntiforgeryPattern().Match(html).Groups[1].Value);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
