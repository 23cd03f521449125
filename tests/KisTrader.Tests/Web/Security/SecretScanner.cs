using System.Text;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Web.Security;

/// <summary>Where a secret was found: the source (file, table.column#row, page) and the secret's name (never its value).</summary>
internal sealed record SecretFinding(string Where, string SecretName);

/// <summary>
/// Looks for known secret values, byte for byte, in texts, files and every cell of a SQLite database. Each value is
/// looked for as UTF-8 (the same bytes as Latin-1 for these ASCII values), UTF-16 and Base64, in text and in the raw bytes
/// of files and blobs, so a secret in a blob or a binary file is found too.
/// </summary>
internal sealed class SecretScanner(IReadOnlyDictionary<string, string> secrets)
{
    private readonly List<SecretFinding> _findings = [];

    public IReadOnlyList<SecretFinding> Findings => _findings;
    public int Files { get; private set; }
    public int Tables { get; private set; }
    public int Rows { get; private set; }
    public int Cells { get; private set; }
    public int Texts { get; private set; }
    public long Bytes { get; private set; }

    public void ScanText(string where, string? text)
    {
        Texts++;
        if (string.IsNullOrEmpty(text)) return;
        Bytes += text.Length;
        foreach (var (name, value) in secrets)
        {
            if (text.Contains(value, StringComparison.Ordinal) || text.Contains(Base64(value), StringComparison.Ordinal))
                _findings.Add(new SecretFinding(where, name));
        }
    }

    public void ScanBytes(string where, byte[] data)
    {
        Bytes += data.Length;
        foreach (var (name, value) in secrets)
        {
            if (Contains(data, Encoding.UTF8.GetBytes(value)) || Contains(data, Encoding.Unicode.GetBytes(value))
                || Contains(data, Encoding.UTF8.GetBytes(Base64(value))))
                _findings.Add(new SecretFinding(where, name));
        }
    }

    /// <summary>Every file under <paramref name="root"/>, read whole (a file held open by the app is read shared; one it
    /// locks against readers must be empty).</summary>
    public void ScanDirectory(string root)
    {
        if (!Directory.Exists(root)) return;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            byte[] data;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                data = ms.ToArray();
            }
            catch (FileNotFoundException)
            {
                continue; // a temp file renamed away under us
            }
            catch (IOException) when (new FileInfo(file).Length == 0)
            {
                // Locked against every reader: the instance lock (kistrader.lock), which the app holds and never writes
                // to. Empty, it holds no secret; a locked file with contents would fail the scan.
                data = [];
            }
            Files++;
            ScanBytes(Path.GetRelativePath(root, file), data);
        }
    }

    /// <summary>SELECT * from every table in sqlite_master; each cell as text, blobs as their bytes.</summary>
    public void ScanSqlite(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            Tables++;
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
            using var reader = select.ExecuteReader();
            var row = 0;
            while (reader.Read())
            {
                row++;
                Rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.IsDBNull(i)) continue;
                    Cells++;
                    var where = $"{table}.{reader.GetName(i)}#{row}";
                    var value = reader.GetValue(i);
                    if (value is byte[] blob) ScanBytes(where, blob);
                    else ScanText(where, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static bool Contains(byte[] haystack, byte[] needle) => needle.Length > 0 && haystack.AsSpan().IndexOf(needle) >= 0;
}
