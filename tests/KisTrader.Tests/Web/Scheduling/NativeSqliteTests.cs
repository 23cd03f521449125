using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Web.Scheduling;

/// <summary>Hangfire.Storage.SQLite brings an old native SQLite (SQLitePCLRaw.lib.e_sqlite3, 3.49.1) that would silently
/// replace ours; its assets are excluded. Both the app's provider and the scheduler's storage (sqlite-net) load the one
/// native library we pin (SourceGear.sqlite3 3.53.4).</summary>
public sealed class NativeSqliteTests
{
    private const string PinnedVersion = "3.53.4";

    [Fact]
    public void TheAppAndTheSchedulerStorage_RunOnThePinnedNativeSqlite()
    {
        using var app = new SqliteConnection("Data Source=:memory:");
        app.Open();
        using var cmd = app.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        var appVersion = Convert.ToString(cmd.ExecuteScalar());

        using var hangfire = new SQLite.SQLiteConnection(":memory:");
        var hangfireVersion = hangfire.ExecuteScalar<string>("SELECT sqlite_version()");

        Assert.Equal(PinnedVersion, appVersion);
        Assert.Equal(PinnedVersion, hangfireVersion);
    }
}
