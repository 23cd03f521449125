using System.Text;
using KisTrader.Core.Errors;
using KisTrader.Core.Market;

namespace KisTrader.Core.Prompts;

/// <summary>
/// Mirrors prompt versions into a directory (the app passes <c>data/prompts</c>): <c>backups/{name}.v{n}.md</c> holds a
/// version's full text, <c>CHANGELOG.md</c> one line per change. Files are written to a temporary file and then moved
/// into place, so a crash never leaves a half-written backup or change log.
/// </summary>
public sealed class FilePromptArchive : IPromptArchive
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    // One writer at a time for this directory within the process (the change log is read, extended and replaced).
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    public FilePromptArchive(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
    }

    public string Directory { get; }
    public string BackupsDirectory => Path.Combine(Directory, "backups");
    public string ChangeLogPath => Path.Combine(Directory, "CHANGELOG.md");

    public string BackupPath(string promptName, int version) => Path.Combine(BackupsDirectory, $"{promptName}.v{version}.md");

    /// <exception cref="TradingSystemException">A backup of this version already exists with a different text
    /// (versions are immutable, so one of the two is not what the database holds).</exception>
    public async Task RecordAsync(PromptVersion version, string change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(change);
        if (version.PromptName.Length == 0 || version.PromptName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || version.PromptName.Contains(".."))
            throw new ArgumentException($"'{version.PromptName}' cannot be used as a file name.", nameof(version));

        await _gate.WaitAsync(ct);
        try
        {
            System.IO.Directory.CreateDirectory(BackupsDirectory);
            await WriteBackupAsync(BackupPath(version.PromptName, version.Version), version, ct);
            var existing = File.Exists(ChangeLogPath) ? await File.ReadAllTextAsync(ChangeLogPath, Utf8, ct) : "";
            if (existing.Length > 0 && !existing.EndsWith('\n')) existing += "\n";
            await ReplaceAsync(ChangeLogPath, existing + ChangeLine(version, change, _time.GetUtcNow()) + "\n", overwrite: true, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The change-log line, e.g. <c>- 2026-12-06 20:00 KST v3 (parent v2) by reflection: created: two rules adopted</c>.</summary>
    public static string ChangeLine(PromptVersion version, string change, DateTimeOffset at)
    {
        var parent = version.ParentVersion is { } p ? $" (parent v{p})" : "";
        var when = at.ToKst().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return $"- {when} KST v{version.Version}{parent} by {OneLine(version.Author)}: {OneLine(change)}: {OneLine(version.Reason)}";
    }

    private static async Task WriteBackupAsync(string path, PromptVersion version, CancellationToken ct)
    {
        if (File.Exists(path))
        {
            await EnsureSameAsync(path, version, ct);
            return;
        }
        try
        {
            await ReplaceAsync(path, version.Text, overwrite: false, ct);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process wrote it first: fine if it is the same text.
            await EnsureSameAsync(path, version, ct);
        }
    }

    private static async Task EnsureSameAsync(string path, PromptVersion version, CancellationToken ct)
    {
        var stored = await File.ReadAllTextAsync(path, Utf8, ct);
        if (!string.Equals(stored, version.Text, StringComparison.Ordinal))
            throw new TradingSystemException(
                $"The backup '{path}' of {version.PromptName} v{version.Version} holds a different text; versions are immutable, so it was not overwritten.");
    }

    private static async Task ReplaceAsync(string path, string text, bool overwrite, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, Utf8, ct);
            File.Move(temp, path, overwrite);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // The change log is one line per entry: line breaks and runs of white space in free text become one space.
    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
