using System.CommandLine;
using System.Globalization;
using KisTrader.Data;
using KisTrader.Web.Backup;
using KisTrader.Web.Hosting;
using Microsoft.Data.Sqlite;

namespace KisTrader.Web.Cli;

/// <summary><c>backup</c> writes a verified backup of the SQLite database now and prints it; <c>restore FILE</c> replaces
/// the database with a backup (keeping the current one) and migrates it. Exit 0, 1 on failure, 2 for bad arguments or
/// configuration, a refused file, or PostgreSQL (pg_dump is the tool there).
/// Neither builds the web host: only the configuration and the database services, so nothing trades, no simulator
/// starts, and nothing else holds the database while it is replaced.</summary>
public static class BackupCommand
{
    /// <summary>Either verb alone (backup or restore, by the first argument).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null) =>
        CliVerb.RunAsync(args.FirstOrDefault() == "restore" ? CreateRestore(output) : CreateBackup(output), args, output);

    /// <summary><c>backup</c>, for the one root command.</summary>
    public static Command CreateBackup(TextWriter? output = null)
    {
        var console = output ?? Console.Out;
        var backup = new Command("backup", "Back up the SQLite database now");
        backup.SetAction(async (parse, ct) =>
        {
            var backups = Compose(parse.UnmatchedTokens, out var exit);
            if (backups is null) return exit;
            if (!backups.Supported) return await CliVerb.Refuse(DatabaseBackups.PostgreSqlNote);
            try
            {
                var outcome = await Task.Run(backups.BackupNow, ct);
                var b = outcome.Backup;
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"backup: {b.Path}\nsize: {b.SizeBytes:#,0} bytes\ntrades: {b.Trades}\nprompt versions: {b.PromptVersions}"));
                foreach (var d in outcome.Deleted) console.WriteLine($"removed (retention {backups.Directory}): {Path.GetFileName(d)}");
                return 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"Backup failed: {ex.Message}");
                return 1;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
            }
        });
        return backup;
    }

    /// <summary><c>restore FILE</c>, for the one root command.</summary>
    public static Command CreateRestore(TextWriter? output = null)
    {
        var console = output ?? Console.Out;
        var file = new Argument<string>("FILE") { Description = "The backup to restore (a kistrader-yyyyMMdd-HHmmss.db)" };
        var restore = new Command("restore", "Replace the SQLite database with a backup") { file };
        restore.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var backups = Compose(parse.UnmatchedTokens, out var exit);
            if (backups is null) return exit;
            if (!backups.Supported) return await CliVerb.Refuse(DatabaseBackups.PostgreSqlNote);
            try
            {
                var r = await backups.RestoreAsync(path, ct);
                console.WriteLine($"restored: {r.Restored.Path}");
                console.WriteLine($"into: {r.Database}");
                console.WriteLine($"trades: {r.Restored.Trades}");
                console.WriteLine($"prompt versions: {r.Restored.PromptVersions}");
                console.WriteLine($"schema: {r.Migrations.LastOrDefault() ?? "-"} (backup was at {r.Restored.LastMigration ?? "-"})");
                console.WriteLine(r.PreviousKeptAs is { } kept ? $"previous database kept as: {kept}" : "previous database: none");
                return 0;
            }
            catch (BackupRefusedException ex)
            {
                return await CliVerb.Refuse($"Restore refused: {ex.Message}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"Restore failed: {ex.Message}");
                return 1;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
            }
        });
        return restore;
    }

    /// <summary>The configuration as the app reads it, validated the same way, and only the database services on top
    /// (<see cref="CliDatabase"/>), not migrated here.</summary>
    private static DatabaseBackups? Compose(IReadOnlyList<string> hostArgs, out int exitCode)
    {
        if (CliDatabase.Settings(hostArgs, out exitCode) is not { } settings) return null;
        var services = CliDatabase.DataServices(settings);
        services.AddSingleton<DatabaseBackups>();
        return services.BuildServiceProvider().GetRequiredService<DatabaseBackups>();
    }
}
