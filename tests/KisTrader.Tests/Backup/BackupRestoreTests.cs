using System.Security.Cryptography;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Backup;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Backup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Tests.Backup;

/// <summary>Issue 6, backups: an online backup holds the whole record, a restore brings back exactly what was backed up,
/// retention keeps the newest N, and a file that is not a KisTrader database never replaces the current one.</summary>
public sealed class BackupRestoreTests
{
    private const string Prompt = PromptVersion.DecisionPrompt;
    private static readonly string[] NoRules = [];
    private static readonly DateTimeOffset From = DateTimeOffset.UnixEpoch, To = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PromptVersion Version(int v, bool active, params string[] rules) => new()
    {
        PromptName = Prompt, Version = v, Text = $"# Decision prompt v{v}\n\n## Dynamic Rules\n- 규칙 {v}\n", ParentVersion = v > 1 ? v - 1 : null,
        Reason = $"reason {v}", Author = v == 1 ? "baseline" : "reflection", CreatedAt = TradeSamples.Base.AddDays(v), IsActive = active,
        ReportId = v > 1 ? $"RR-2026120{v}-1" : null, RuleIds = rules,
    };

    private static async Task RecordAsync(BackupHarness h)
    {
        await h.Trades.InsertAsync(TradeSamples.Trade("T-1", TradeSamples.Base, pnl7: 1234.5m, pnl30: -99m));
        await h.Trades.InsertAsync(TradeSamples.Trade("T-2", TradeSamples.Base.AddMinutes(10), ticker: "000660", action: TradeAction.Sell, quantity: 3, price: 180_500m));
        await h.Trades.InsertAsync(TradeSamples.Trade("T-3", TradeSamples.Base.AddDays(1), ticker: "035420", quantity: 7, price: 201_000.5m));
        await h.Prompts.AddAsync(Version(1, active: true));
        await h.Prompts.AddAsync(Version(2, active: true, "R-20261202-01"));
        await h.Prompts.AddAsync(Version(3, active: true, "R-20261202-01", "R-20261203-02"));
        // A rollback: version 2 is active, so "which one is active" must survive too.
        await h.Prompts.ActivateAsync(Prompt, 2);
    }

    private static void AssertSamePrompts(IReadOnlyList<PromptVersion> expected, IReadOnlyList<PromptVersion> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e with { RuleIds = NoRules }, a with { RuleIds = NoRules });
            Assert.Equal(e.RuleIds, a.RuleIds);
        }
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task Backup_ThenChanges_ThenRestore_BringsBackEveryTradeAndPromptVersionExactly()
    {
        using var dir = new TempDataDir();
        await using var h = await BackupHarness.CreateAsync(dir);
        await RecordAsync(h);
        var trades = await h.Trades.GetByPeriodAsync(From, To);
        var prompts = await h.Prompts.ListAsync(Prompt);

        var backup = h.Backups.BackupNow();
        Assert.Equal(Path.Combine(dir.DataDir, "backups", "kistrader-20261210-163000.db"), backup.Backup.Path);
        Assert.Equal((3, 3), (backup.Backup.Trades, backup.Backup.PromptVersions));
        Assert.Equal(new FileInfo(backup.Backup.Path).Length, backup.Backup.SizeBytes);
        Assert.False(File.Exists(backup.Backup.Path + ".tmp"));

        // Everything changes after the backup: a trade deleted, one changed, one added, a new active prompt version.
        await using (var db = await h.Contexts.CreateDbContextAsync())
            await db.Trades.Where(t => t.TradeId == "T-1").ExecuteDeleteAsync();
        await h.Trades.UpdatePnlAsync("T-2", PnlHorizon.SevenDays, -5000m);
        await h.Trades.InsertAsync(TradeSamples.Trade("T-4", TradeSamples.Base.AddDays(2)));
        await h.Prompts.AddAsync(Version(4, active: true));
        BackupHarness.ReleaseConnections();

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restored = await h.Backups.RestoreAsync(backup.Backup.Path);

        Assert.Equal(trades, await h.Trades.GetByPeriodAsync(From, To));
        AssertSamePrompts(prompts, await h.Prompts.ListAsync(Prompt));
        Assert.Equal(2, (await h.Prompts.GetActiveAsync(Prompt))!.Version);
        Assert.Equal((3, 3), (restored.Restored.Trades, restored.Restored.PromptVersions));
        // The database it replaced is kept whole, with what happened after the backup.
        Assert.Equal(dir.DatabaseFile + ".before-restore-20261210-163500", restored.PreviousKeptAs);
        var kept = new EfTradeStore(new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={restored.PreviousKeptAs};Pooling=False"));
        Assert.NotNull(await kept.FindAsync("T-4"));
        Assert.Null(await kept.FindAsync("T-1"));
        Assert.True(File.Exists(backup.Backup.Path), "the restore consumed the backup");
    }

    [Fact]
    public async Task Backup_WhileAnotherConnectionWrites_IsConsistent_AndCarriesTheWalContents()
    {
        using var dir = new TempDataDir();
        await using var h = await BackupHarness.CreateAsync(dir);
        await RecordAsync(h);
        // The app's pooled connections stay open, so the latest rows may live only in kistrader.db-wal.
        await using var writer = new SqliteConnection($"Data Source={dir.DatabaseFile};Pooling=False");
        await writer.OpenAsync();

        var backup = h.Backups.BackupNow();

        Assert.Equal(3, backup.Backup.Trades);
        Assert.False(File.Exists(backup.Backup.Path + "-wal"), "a backup must be a single file");
        var contents = SqliteBackup.Inspect(backup.Backup.Path);
        Assert.Equal(3, contents.PromptVersions);
        Assert.Equal(BackupHarness.LatestMigration, contents.LastMigration);
    }

    [Fact]
    public async Task Retention_KeepsTheNewestN_AndNeverOverwritesWithinOneSecond()
    {
        using var dir = new TempDataDir();
        await using var h = await BackupHarness.CreateAsync(dir, true, ("Backup:Keep", "3"));
        var deleted = new List<string>();
        for (var day = 0; day < 5; day++)
        {
            deleted.AddRange(h.Backups.BackupNow().Deleted.Select(Path.GetFileName)!);
            h.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(["kistrader-20261214-163000.db", "kistrader-20261213-163000.db", "kistrader-20261212-163000.db"], h.Backups.List().Select(Path.GetFileName));
        Assert.Equal(["kistrader-20261210-163000.db", "kistrader-20261211-163000.db"], deleted);

        // Same second (the schedule and the command together): a sequence number, and it counts as the newer one.
        h.Backups.BackupNow();
        var again = h.Backups.BackupNow();
        Assert.EndsWith("kistrader-20261215-163000-2.db", again.Backup.Path);
        Assert.Equal(["kistrader-20261215-163000-2.db", "kistrader-20261215-163000.db", "kistrader-20261214-163000.db"], h.Backups.List().Select(Path.GetFileName));
        // Files that are not ours are left alone.
        Assert.Empty(Directory.EnumerateFiles(h.Backups.Directory, "*.tmp"));
    }

    public static TheoryData<string> NotKisTraderFiles => ["garbage", "foreign-sqlite", "truncated-backup", "empty"];

    [Theory]
    [MemberData(nameof(NotKisTraderFiles))]
    public async Task Restore_OfAFileThatIsNotAnIntactKisTraderDatabase_IsRefused_AndTheDatabaseIsUntouched(string kind)
    {
        using var dir = new TempDataDir();
        await using var h = await BackupHarness.CreateAsync(dir);
        await RecordAsync(h);
        var file = Path.Combine(dir.Root, kind + ".db");
        switch (kind)
        {
            case "garbage":
                await File.WriteAllTextAsync(file, "this is not a database, just some text that is long enough to look like one\n");
                break;
            case "foreign-sqlite":
                await using (var other = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    await other.OpenAsync();
                    await using var cmd = other.CreateCommand();
                    cmd.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');";
                    await cmd.ExecuteNonQueryAsync();
                }
                break;
            case "truncated-backup":
                var good = h.Backups.BackupNow().Backup.Path;
                var bytes = await File.ReadAllBytesAsync(good);
                await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)]);
                break;
            case "empty":
                await File.WriteAllBytesAsync(file, []);
                break;
        }
        BackupHarness.ReleaseConnections();
        var before = Hash(dir.DatabaseFile);

        var ex = await Assert.ThrowsAsync<BackupRefusedException>(() => h.Backups.RestoreAsync(file));

        Assert.Contains(file, ex.Message);
        Assert.Equal(before, Hash(dir.DatabaseFile));
        // Neither a kept copy nor a staging file is left behind.
        Assert.Equal(["kistrader.db"], Directory.EnumerateFiles(dir.DataDir, "kistrader.db*").Select(Path.GetFileName).Where(n => n != "kistrader.db-wal" && n != "kistrader.db-shm"));
        Assert.Equal(3, await h.Trades.CountAsync());
    }

    [Fact]
    public async Task Restore_WhileAnotherConnectionHoldsTheDatabase_IsRefused()
    {
        using var dir = new TempDataDir();
        await using var h = await BackupHarness.CreateAsync(dir);
        await RecordAsync(h);
        var backup = h.Backups.BackupNow().Backup.Path;
        BackupHarness.ReleaseConnections();
        await using var app = new SqliteConnection($"Data Source={dir.DatabaseFile};Pooling=False");
        await app.OpenAsync();
        await using (var read = app.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM trades;";
            await read.ExecuteScalarAsync();
        }

        var ex = await Assert.ThrowsAsync<BackupRefusedException>(() => h.Backups.RestoreAsync(backup));

        Assert.Contains("in use", ex.Message);
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.DataDir), f => Path.GetFileName(f).StartsWith("kistrader.db.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restore_OfABackupFromAnOlderSchema_MigratesItToTheCurrentOne()
    {
        using var old = new TempDataDir();
        await using (var h = await BackupHarness.CreateAsync(old, initialize: false))
        {
            await using var db = await h.Contexts.CreateDbContextAsync();
            await db.GetService<IMigrator>().MigrateAsync("20261122120000_GraphRuns");
            // Written as the app of that schema wrote it: today's model has columns the old table lacks.
            var t = TradeSamples.Trade("OLD-1", TradeSamples.Base);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO trades (trade_id, timestamp, ticker, action, quantity, price, justification_text, market_snapshot, portfolio_before)
                VALUES ({t.TradeId}, {t.Timestamp.UtcDateTime}, {t.Ticker}, {t.Action.ToText()}, {t.Quantity}, {t.Price}, {t.JustificationText}, {t.MarketSnapshot}, {t.PortfolioBefore})
                """);
        }
        SqliteConnection.ClearAllPools();
        var oldBackup = Path.Combine(old.Root, "old.db");
        SqliteBackup.Create(old.DatabaseFile, oldBackup);
        Assert.Equal("20261122120000_GraphRuns", SqliteBackup.Inspect(oldBackup).LastMigration);

        using var dir = new TempDataDir();
        await using var current = await BackupHarness.CreateAsync(dir);
        BackupHarness.ReleaseConnections();
        var restored = await current.Backups.RestoreAsync(oldBackup);

        Assert.Equal(BackupHarness.LatestMigration, restored.Migrations[^1]);
        Assert.Equal("20261122120000_GraphRuns", restored.Restored.LastMigration);
        Assert.NotNull(await current.Trades.FindAsync("OLD-1"));
        // The newer tables are there and usable after the restore.
        await current.Prompts.AddAsync(Version(1, active: true, "R-1"));
        Assert.Equal(["R-1"], (await current.Prompts.GetActiveAsync(Prompt))!.RuleIds);
    }

    [Fact]
    public async Task PostgreSql_IsNotBackedUpByTheApp_AndSaysPgDump()
    {
        using var dir = new TempDataDir();
        var settings = BackupHarness.Settings(dir, ("Database:Provider", "PostgreSql"), ("Database:ConnectionString", "Host=localhost;Database=x"));
        var backups = new DatabaseBackups(Microsoft.Extensions.Options.Options.Create(settings.Database), Microsoft.Extensions.Options.Options.Create(settings.Backup), TimeProvider.System, new DatabaseInitializer(new TestContextFactory(DatabaseProvider.PostgreSql, "Host=localhost;Database=x")));

        Assert.False(backups.Supported);
        Assert.Contains("pg_dump", Assert.Throws<BackupRefusedException>(backups.BackupNow).Message);
        Assert.Contains("pg_dump", (await Assert.ThrowsAsync<BackupRefusedException>(() => backups.RestoreAsync("x.db"))).Message);
        Assert.False(BackupSchedule.Wanted(settings));
    }
}
