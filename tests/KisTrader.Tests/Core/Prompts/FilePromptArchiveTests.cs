using KisTrader.Core.Errors;
using KisTrader.Core.Prompts;
using KisTrader.Testing;

namespace KisTrader.Tests.Core.Prompts;

public sealed class FilePromptArchiveTests : IDisposable
{
    // 2026-12-06 20:00 KST.
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 11, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kistrader-prompts-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly ManualTimeProvider _clock = new(Now);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private FilePromptArchive Archive() => new(_dir, _clock);

    private static PromptVersion Version(int v, string text = "# prompt\n한글\r\n", int? parent = null, string author = "reflection", string reason = "2 rules adopted") => new()
    {
        PromptName = PromptVersion.DecisionPrompt, Version = v, Text = text, ParentVersion = parent, Reason = reason, Author = author,
        CreatedAt = Now, IsActive = true,
    };

    private string[] ChangeLog() => File.ReadAllLines(Path.Combine(_dir, "CHANGELOG.md"));

    [Fact]
    public async Task Record_WritesTheFullTextAsABackup_AndOneChangeLogLineInKst()
    {
        var v3 = Version(3, parent: 2);
        await Archive().RecordAsync(v3, "created");
        Assert.Equal(v3.Text, await File.ReadAllTextAsync(Path.Combine(_dir, "backups", "core_decision.v3.md")));
        Assert.Equal(["- 2026-12-06 20:00 KST v3 (parent v2) by reflection: created: 2 rules adopted"], ChangeLog());
    }

    [Fact]
    public async Task Record_AppendsToTheChangeLog_AndKeepsEachEntryOnOneLine()
    {
        var archive = Archive();
        await archive.RecordAsync(Version(1, author: "baseline", reason: "seeded from\nthe baseline file"), "created");
        _clock.Advance(TimeSpan.FromMinutes(75));
        await archive.RecordAsync(Version(1, author: "baseline", reason: "seeded"), "activated by admin\r\n(rollback)");
        Assert.Equal([
            "- 2026-12-06 20:00 KST v1 by baseline: created: seeded from the baseline file",
            "- 2026-12-06 21:15 KST v1 by baseline: activated by admin (rollback): seeded",
        ], ChangeLog());
    }

    [Fact]
    public async Task Record_SameVersionAgain_KeepsTheBackup_ButADifferentTextIsRefused()
    {
        var archive = Archive();
        await archive.RecordAsync(Version(2, parent: 1), "created");
        await archive.RecordAsync(Version(2, parent: 1), "activated");
        var ex = await Assert.ThrowsAsync<TradingSystemException>(() => archive.RecordAsync(Version(2, text: "tampered", parent: 1), "created"));
        Assert.Contains("immutable", ex.Message);
        Assert.Equal(Version(2).Text, await File.ReadAllTextAsync(archive.BackupPath(PromptVersion.DecisionPrompt, 2)));
        Assert.Equal(2, ChangeLog().Length);
    }

    [Fact]
    public async Task Record_LeavesNoTemporaryFiles_AndAppendsAfterAnExistingLogWithoutATrailingNewline()
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "CHANGELOG.md"), "# Prompt changes");
        await Archive().RecordAsync(Version(1), "created");
        Assert.Equal(["# Prompt changes", "- 2026-12-06 20:00 KST v1 by reflection: created: 2 rules adopted"], ChangeLog());
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ConcurrentRecords_LoseNoChangeLogLine()
    {
        var archive = Archive();
        await Task.WhenAll(Enumerable.Range(1, 8).Select(v => Task.Run(() => archive.RecordAsync(Version(v), "created"))));
        Assert.Equal(8, ChangeLog().Length);
        Assert.Equal(8, Directory.GetFiles(archive.BackupsDirectory, "*.md").Length);
    }

    [Fact]
    public async Task Record_RefusesAPromptNameThatIsNotAFileName()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Archive().RecordAsync(Version(1) with { PromptName = "../escape" }, "created"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "backups")));
    }
}
