using System.Text.RegularExpressions;
using KisTrader.Testing;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Backup;

/// <summary>Issue 6: <c>backup</c> and <c>restore FILE</c> through the real executable in its own process: what they
/// print and their exit codes (0 done, 2 refused or bad configuration).</summary>
public sealed partial class BackupCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Backup_PrintsPathSizeAndCounts_ExitsZero_ThenRestoreOfIt_ExitsZero_AndKeepsThePreviousDatabase()
    {
        using var dir = new TempDataDir();
        await using (var h = await BackupHarness.CreateAsync(dir))
        {
            await h.Trades.InsertAsync(TradeSamples.Trade("CLI-1", TradeSamples.Base));
            await h.Trades.InsertAsync(TradeSamples.Trade("CLI-2", TradeSamples.Base.AddMinutes(1)));
        }

        var backup = await CliProcess.RunAsync(dir.Root, ["backup", .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(backup.ExitCode == 0, backup.Describe());
        var path = BackupPath().Match(backup.StandardOutput);
        Assert.True(path.Success, backup.Describe());
        Assert.True(File.Exists(path.Groups[1].Value), backup.Describe());
        Assert.StartsWith(Path.Combine(dir.DataDir, "backups") + Path.DirectorySeparatorChar, path.Groups[1].Value);
        Assert.Contains("trades: 2", backup.StandardOutput);
        Assert.Contains("prompt versions: 0", backup.StandardOutput);
        Assert.Matches(@"size: [\d,]+ bytes", backup.StandardOutput);

        var restore = await CliProcess.RunAsync(dir.Root, ["restore", path.Groups[1].Value, .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(restore.ExitCode == 0, restore.Describe());
        Assert.Contains("trades: 2", restore.StandardOutput);
        Assert.Contains("schema: 20261206000000_DropQuartz", restore.StandardOutput);
        Assert.Matches(@"previous database kept as: .*kistrader\.db\.before-restore-\d{8}-\d{6}", restore.StandardOutput);
        Assert.Single(Directory.EnumerateFiles(dir.DataDir), f => Path.GetFileName(f).StartsWith("kistrader.db.before-restore-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNotAKisTraderDatabase_ExitsTwo_AndOfAMissingFile_ExitsTwo()
    {
        using var dir = new TempDataDir();
        await using (await BackupHarness.CreateAsync(dir)) { }
        var junk = Path.Combine(dir.Root, "junk.db");
        await File.WriteAllTextAsync(junk, "not a database at all, but plenty of bytes to look at here\n");

        var refused = await CliProcess.RunAsync(dir.Root, ["restore", junk, .. CliProcess.HostArgs(dir)], Timeout);
        var missing = await CliProcess.RunAsync(dir.Root, ["restore", Path.Combine(dir.Root, "nope.db"), .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(refused.ExitCode == 2, refused.Describe());
        Assert.Contains("Restore refused", refused.StandardError);
        Assert.Contains("junk.db", refused.StandardError);
        Assert.True(missing.ExitCode == 2, missing.Describe());
        Assert.Contains("does not exist", missing.StandardError);
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.DataDir), f => Path.GetFileName(f).StartsWith("kistrader.db.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BackupAndRestore_OnPostgreSql_ExitTwo_NamingPgDump_AndBadConfiguration_ExitsTwo_NamingTheKey()
    {
        using var dir = new TempDataDir();
        string[] pg = ["--Database:Provider", "PostgreSql", "--Database:ConnectionString", "Host=127.0.0.1;Port=1;Database=none"];

        var backup = await CliProcess.RunAsync(dir.Root, ["backup", .. CliProcess.HostArgs(dir), .. pg], Timeout);
        var restore = await CliProcess.RunAsync(dir.Root, ["restore", "x.db", .. CliProcess.HostArgs(dir), .. pg], Timeout);
        var badKeep = await CliProcess.RunAsync(dir.Root, ["backup", .. CliProcess.HostArgs(dir), "--Backup:Keep", "0"], Timeout);
        var noFile = await CliProcess.RunAsync(dir.Root, ["restore", .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(backup.ExitCode == 2, backup.Describe());
        Assert.Contains("pg_dump", backup.StandardError);
        Assert.True(restore.ExitCode == 2, restore.Describe());
        Assert.Contains("pg_dump", restore.StandardError);
        Assert.True(badKeep.ExitCode == 2, badKeep.Describe());
        Assert.Contains("Backup:Keep", badKeep.StandardError);
        Assert.True(noFile.ExitCode == 2, noFile.Describe());
        Assert.False(Directory.Exists(Path.Combine(dir.DataDir, "backups")), "a backup directory was created although the command was refused");
    }

    [Fact]
    public async Task Backup_WithNoDatabase_ExitsOne()
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, ["backup", .. CliProcess.HostArgs(dir)], Timeout);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("no database", result.StandardError);
    }

    [GeneratedRegex(@"^backup: (.+\.db)\s*$", RegexOptions.Multiline)]
    private static partial Regex BackupPath();
}
