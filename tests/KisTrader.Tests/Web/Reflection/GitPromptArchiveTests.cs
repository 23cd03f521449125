using System.Diagnostics;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Web.Reflection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web.Reflection;

public sealed class GitPromptArchiveTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kistrader-git-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly RecordingNotifier _notifier = new();

    public GitPromptArchiveTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static PromptVersion Version(int n, string text, bool active = true) => new()
    {
        PromptName = PromptVersion.DecisionPrompt, Version = n, Text = text, ParentVersion = n > 1 ? n - 1 : null,
        Reason = "adopted R-1: BUYs above RSI 70 lost", Author = "admin", CreatedAt = DateTimeOffset.UtcNow, IsActive = active,
    };

    private GitPromptArchive Archive(IPromptArchive inner, string file) =>
        new(inner, file, _notifier, TimeProvider.System, NullLogger<GitPromptArchive>.Instance);

    [Fact]
    public async Task ActiveVersion_IsWrittenToThePromptFile_AndCommittedWithVersionAndReason()
    {
        Git("init", "-q");
        var file = Path.Combine(_dir, "prompts", "core_decision_prompt.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "v1\n");
        Git("add", "."); Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "baseline");
        var inner = new RecordingArchive();

        await Archive(inner, file).RecordAsync(Version(2, "v2 with a rule\n"), "created");

        Assert.Equal("created", Assert.Single(inner.Changes));
        Assert.Equal("v2 with a rule\n", await File.ReadAllTextAsync(file));
        var log = Git("log", "-1", "--format=%s");
        Assert.Contains("v2", log);
        Assert.Contains("BUYs above RSI 70 lost", log);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task OutsideARepository_TheVersionIsStillArchived_AndTheFailureIsAnnounced()
    {
        var inner = new RecordingArchive();
        var file = Path.Combine(_dir, "core_decision_prompt.md");

        await Archive(inner, file).RecordAsync(Version(2, "v2\n"), "created");

        Assert.Single(inner.Changes);
        var n = Assert.Single(_notifier.Sent);
        Assert.Equal(NotificationLevel.Warning, n.Level);
        Assert.Contains("not in a git repository", n.Message);
    }

    private string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The temp directory may sit inside another repository's tree on a developer machine; never climb out of it.
        psi.Environment["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(_dir);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {output}");
        return output;
    }

    private sealed class RecordingArchive : IPromptArchive
    {
        public List<string> Changes { get; } = [];

        public Task RecordAsync(PromptVersion version, string change, CancellationToken ct = default)
        {
            Changes.Add(change);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingNotifier : INotifier
    {
        public List<Notification> Sent { get; } = [];

        public Task NotifyAsync(Notification notification, CancellationToken ct = default)
        {
            Sent.Add(notification);
            return Task.CompletedTask;
        }
    }
}
