using System.Data.Common;
using System.Text;

namespace KisTrader.Data.Stores.Totals;

/// <summary>SQLite: an INSERT of many rows per statement (<c>VALUES (…), (…), …</c>), so what the provider pays per
/// executed statement (binding by name, reset, step, a task) is paid once per chunk of rows instead of once per row. The
/// command of a full chunk is built once and reused (the provider keeps it prepared); the last, shorter chunk gets its own.</summary>
internal static class SqliteMultiRowInsert
{
    /// <summary>Rows per statement: 50 × 14 columns stays far below SQLite's 32,766 parameters.</summary>
    public const int RowsPerStatement = 50;

    /// <param name="into">The statement up to <c>VALUES</c>, e.g. <c>INSERT INTO t (a, b)</c>.</param>
    /// <param name="tail">What follows the values (an <c>ON CONFLICT</c> clause) or "".</param>
    /// <param name="values">A row's values, in the column order of <paramref name="into"/>; null is written as NULL.</param>
    public static async Task ExecuteAsync<T>(DbConnection conn, DbTransaction tx, string into, string tail, int columns,
        IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken ct)
    {
        DbCommand? cmd = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerStatement)
            {
                var n = Math.Min(RowsPerStatement, rows.Count - start);
                if (cmd is null || cmd.Parameters.Count != n * columns)
                {
                    if (cmd is not null) await cmd.DisposeAsync();
                    cmd = Command(conn, tx, into, tail, columns, n);
                }
                for (var r = 0; r < n; r++)
                {
                    var v = values(rows[start + r]);
                    for (var c = 0; c < columns; c++) cmd.Parameters[r * columns + c].Value = v[c] ?? DBNull.Value;
                }
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (cmd is not null) await cmd.DisposeAsync();
        }
    }

    private static DbCommand Command(DbConnection conn, DbTransaction tx, string into, string tail, int columns, int rows)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        var sql = new StringBuilder(into).Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns; c++)
            {
                var name = $"@r{r}c{c}";
                sql.Append(c == 0 ? name : ", " + name);
                TradeTotalsWriter.Parameter(cmd, name[1..]);
            }
            sql.Append(')');
        }
        cmd.CommandText = sql.Append(' ').Append(tail).ToString();
        return cmd;
    }
}
