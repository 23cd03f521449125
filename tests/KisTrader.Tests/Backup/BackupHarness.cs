using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Backup;
using KisTrader.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Backup;

/// <summary>The database services composed as the backup and restore commands compose them, over a temporary directory,
/// with a clock the test sets. The stores are the real EF stores.</summary>
internal sealed class BackupHarness : IAsyncDisposable
{
    // 16:30 KST on 2026-12-10.
    public static readonly DateTimeOffset Start = new(2026, 12, 10, 7, 30, 0, TimeSpan.Zero);

    /// <summary>The id of the newest migration in the app (a backup of a current database ends there).</summary>
    public static string LatestMigration { get; } = typeof(KisTraderDbContext).Assembly.GetTypes()
        .Select(t => System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>(t)?.Id)
        .OfType<string>().Max(StringComparer.Ordinal)!;

    private readonly ServiceProvider _services;

    private BackupHarness(TempDataDir dir, ServiceProvider services, ManualTimeProvider clock)
    {
        Dir = dir;
        _services = services;
        Clock = clock;
    }

    public TempDataDir Dir { get; }
    public ManualTimeProvider Clock { get; }
    public DatabaseBackups Backups => _services.GetRequiredService<DatabaseBackups>();
    public ITradeStore Trades => _services.GetRequiredService<ITradeStore>();
    public IPromptStore Prompts => _services.GetRequiredService<IPromptStore>();
    public Microsoft.EntityFrameworkCore.IDbContextFactory<KisTraderDbContext> Contexts =>
        _services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<KisTraderDbContext>>();

    public static AppSettings Settings(TempDataDir dir, params (string Key, string? Value)[] extra)
    {
        var values = new Dictionary<string, string?> { ["Database:DataDirectory"] = dir.DataDir, ["Logs:Directory"] = dir.LogDir };
        foreach (var (k, v) in extra) values[k] = v;
        return AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    /// <summary>A migrated, empty database unless <paramref name="initialize"/> is false.</summary>
    public static async Task<BackupHarness> CreateAsync(TempDataDir dir, bool initialize = true, params (string Key, string? Value)[] extra)
    {
        var settings = Settings(dir, extra);
        Directory.CreateDirectory(dir.DataDir);
        var clock = new ManualTimeProvider(Start);
        var services = new ServiceCollection();
        settings.Register(services);
        services.AddSingleton<TimeProvider>(clock);
        services.AddKisTraderData(settings.Database.Provider, settings.Database.ResolveConnectionString());
        services.AddSingleton<DatabaseBackups>();
        var provider = services.BuildServiceProvider();
        if (initialize) await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return new BackupHarness(dir, provider, clock);
    }

    /// <summary>Closes this process's pooled connections, as if the app had stopped.</summary>
    public static void ReleaseConnections() => SqliteConnection.ClearAllPools();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
