using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Trading.Support;

/// <summary>A temporary directory for one test's app data (database, simulator state, keys) and logs. Outlives app
/// restarts within the test; deleted at the end after SQLite's pooled connections are closed.</summary>
internal sealed class TempDataDir : IDisposable
{
    public TempDataDir()
    {
        Root = Path.Combine(Path.GetTempPath(), "kistrader-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string DataDir => Path.Combine(Root, "data");
    public string LogDir => Path.Combine(Root, "logs");
    public string DatabaseFile => Path.Combine(DataDir, "kistrader.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A log file or the database may be released a moment after the host stopped; a leftover temp dir
                // is not worth failing a test for.
                if (attempt >= 5) return;
                Thread.Sleep(200);
            }
        }
    }
}
