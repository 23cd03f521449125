using System.Text;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Web.Security;

/// <summary>The scanner the secrets test relies on finds what it must, so a clean scan means something.</summary>
public sealed class SecretScannerTests : IDisposable
{
    private const string Secret = "PSsecretForTheScanner0001";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kistrader-scan-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SecretScanner _scanner = new(new Dictionary<string, string> { ["app key"] = Secret, ["other"] = "neverWrittenAnywhere42" });

    public SecretScannerTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ASecretInALogLine_InUtf16_OrInBase64_IsFound_AndOnlyThatSecretIsNamed()
    {
        _scanner.ScanText("log", $"2026-01-01 [WRN] refused appkey={Secret}&x=1");
        _scanner.ScanBytes("utf16", Encoding.Unicode.GetBytes("x" + Secret + "y"));
        _scanner.ScanText("base64", "blob " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)));
        Assert.Equal(["log", "utf16", "base64"], _scanner.Findings.Select(f => f.Where));
        Assert.All(_scanner.Findings, f => Assert.Equal("app key", f.SecretName));
    }

    [Fact]
    public void AMaskedSecret_IsNotAFinding()
    {
        _scanner.ScanText("masked", "account 7391**** key PSsecret***0001 " + Secret[..10] + "***");
        Assert.Empty(_scanner.Findings);
    }

    [Fact]
    public void ASecretInANestedFile_OrInAnyTableColumnOrBlob_IsFound()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "a", "b"));
        File.WriteAllBytes(Path.Combine(_dir, "a", "b", "cache.bin"), [0, 1, .. Encoding.UTF8.GetBytes(Secret), 2]);
        File.WriteAllText(Path.Combine(_dir, "clean.txt"), "nothing here");
        _scanner.ScanDirectory(_dir);
        Assert.Equal([Path.Combine("a", "b", "cache.bin")], _scanner.Findings.Select(f => f.Where));
        Assert.Equal(2, _scanner.Files);

        var db = Path.Combine(_dir, "t.db");
        using (var c = new SqliteConnection($"Data Source={db}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE runs (id INTEGER, error TEXT, state BLOB); CREATE TABLE \"odd name\" (v TEXT);" +
                              "INSERT INTO runs VALUES (1, 'fine', x'00'), (2, 'boom: " + Secret + "', NULL), (3, NULL, $blob);" +
                              "INSERT INTO \"odd name\" VALUES ('" + Secret + "');";
            cmd.Parameters.AddWithValue("$blob", Encoding.UTF8.GetBytes("{\"k\":\"" + Secret + "\"}"));
            cmd.ExecuteNonQuery();
        }
        var tables = new SecretScanner(new Dictionary<string, string> { ["app key"] = Secret });
        tables.ScanSqlite(db);
        Assert.Equal(["odd name.v#1", "runs.error#2", "runs.state#3"], tables.Findings.Select(f => f.Where).Order());
        Assert.Equal((2, 4), (tables.Tables, tables.Rows));
    }
}
