using System.Diagnostics;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;

namespace KisTrader.Web.Reflection;

/// <summary>
/// Reflection:GitCommit=true: after the inner archive has written its backup and change-log line, writes the now active
/// text to the prompt file and commits that file (only that file) in its repository, with a message naming the version,
/// the change and the reason. The database already holds the version, so a git failure (no repository, an ignored file,
/// no identity, a hook refusing) is logged and announced, never thrown.
/// </summary>
public sealed class GitPromptArchive(IPromptArchive inner, string promptFile, INotifier notifier, TimeProvider time, ILogger<GitPromptArchive> logger)
    : IPromptArchive
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RecordAsync(PromptVersion version, string change, CancellationToken ct = default)
    {
        await inner.RecordAsync(version, change, ct);
        if (!version.IsActive)
            return;
        await _gate.WaitAsync(ct);
        try
        {
            var error = await CommitAsync(version, change, ct);
            if (error is null)
            {
                logger.LogInformation("Prompt v{Version} ({Change}) committed to git: {File}", version.Version, change, promptFile);
                return;
            }
            logger.LogWarning("Prompt v{Version} ({Change}) was not committed to git: {Error}", version.Version, change, error);
            await notifier.NotifyAsync(new Notification(NotificationLevel.Warning, "Prompt not committed to git",
                $"v{version.Version} ({change}) is saved and active, but the git commit failed: {error}", time.GetUtcNow()), ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <returns>null when committed, else what went wrong.</returns>
    private async Task<string?> CommitAsync(PromptVersion version, string change, CancellationToken ct)
    {
        try
        {
            var dir = Path.GetDirectoryName(promptFile)!;
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(promptFile, version.Text, ct);
            var (topCode, top) = await GitAsync(dir, ct, "rev-parse", "--show-toplevel");
            if (topCode != 0) return $"{promptFile} is not in a git repository ({top.Trim()})";
            var (ignoredCode, _) = await GitAsync(dir, ct, "check-ignore", "-q", "--", promptFile);
            if (ignoredCode == 0) return $"{promptFile} is ignored by git; point Llm:PromptFile at the tracked prompt file";
            var (addCode, add) = await GitAsync(dir, ct, "add", "--", promptFile);
            if (addCode != 0) return "git add: " + add.Trim();
            var (diffCode, _) = await GitAsync(dir, ct, "diff", "--cached", "--quiet", "--", promptFile);
            if (diffCode == 0) return null; // the file already holds this text (e.g. a re-activation of the committed version)
            var message = $"Prompt {version.PromptName} v{version.Version} ({change}) by {version.Author}: {version.Reason}";
            // The repository's own identity when it has one; a fallback so a server without one can still commit.
            var (identityCode, _) = await GitAsync(dir, ct, "config", "user.email");
            string[] identity = identityCode == 0 ? [] : ["-c", "user.name=KisTrader", "-c", "user.email=kistrader@localhost"];
            // Commit only this path, so nothing else someone staged is swept into the commit.
            var (commitCode, commit) = await GitAsync(dir, ct, [.. identity, "commit", "-m", message, "--", promptFile]);
            return commitCode == 0 ? null : "git commit: " + commit.Trim();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    private static async Task<(int Code, string Output)> GitAsync(string workDir, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(GitTimeout);
        var stdout = p.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"git {args[0]} took longer than {GitTimeout.TotalSeconds:0} s");
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
