using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>The app's side, read straight from its SQLite file (SELECTs only, beside a running or a killed app): the
/// <c>orders</c> ledger, its <c>fills</c>, the <c>trades</c> records and the runs a crash left Running.</summary>
internal sealed record LedgerSnapshot(List<LedgerRow> Orders, List<FillRow> Fills, List<TradeRow> Trades, List<RunRow> RunningRuns)
{
    public static readonly string[] Ambiguous = ["Intent", "Unknown"];
    public static readonly string[] Final = ["Filled", "Cancelled", "Rejected"];

    public static LedgerSnapshot Read(string databaseFile)
    {
        if (!File.Exists(databaseFile)) return new([], [], [], []);
        var cs = new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        using var db = new SqliteConnection(cs);
        db.Open();
        using (var busy = db.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 5000";
            busy.ExecuteNonQuery();
        }
        // One read transaction: the four tables as of one instant even while the app writes.
        using var tx = db.BeginTransaction(deferred: true);
        var orders = Query(db, tx, "SELECT order_id, created_at, updated_at, ticker, side, quantity, order_type, status, broker_order_no, filled_quantity, run_id, trade_id, last_error FROM orders",
            r => new LedgerRow(r.GetString(0), Utc(r.GetString(1)), Utc(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetString(6),
                r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12)));
        var fills = Query(db, tx, "SELECT order_id, execution_key, quantity, price, source FROM fills",
            r => new FillRow(r.GetString(0), r.GetString(1), r.GetInt64(2), decimal.Parse(r.GetString(3), CultureInfo.InvariantCulture), r.GetString(4)));
        var trades = Query(db, tx, "SELECT trade_id, ticker, action, quantity FROM trades",
            r => new TradeRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)));
        var runs = Query(db, tx, "SELECT run_id, next_node FROM graph_runs WHERE status = 'Running'",
            r => new RunRow(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        return new(orders, fills, trades, runs);
    }

    /// <summary>Whether an order created since <paramref name="since"/> is Intent or Unknown now (cheap: for aiming a kill).</summary>
    public static bool HasAmbiguousSince(string databaseFile, DateTime since)
    {
        if (!File.Exists(databaseFile)) return false;
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM orders WHERE status IN ('Intent', 'Unknown') AND created_at >= $since LIMIT 1";
        cmd.Parameters.AddWithValue("$since", since.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
        return cmd.ExecuteScalar() is not null;
    }

    private static List<T> Query<T>(SqliteConnection db, SqliteTransaction tx, string sql, Func<SqliteDataReader, T> map)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    private static DateTime Utc(string s) => DateTime.SpecifyKind(DateTime.Parse(s, CultureInfo.InvariantCulture), DateTimeKind.Utc);

    /// <summary>Shares per ticker from our fills: buys add, sells subtract (a fresh simulator account starts empty).</summary>
    public Dictionary<string, long> PositionsByTicker()
    {
        var byId = Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in Fills)
        {
            var o = byId[f.OrderId];
            positions[o.Ticker] = positions.GetValueOrDefault(o.Ticker) + (o.Side == "Buy" ? f.Quantity : -f.Quantity);
        }
        return positions.Where(p => p.Value != 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }
}

internal sealed record LedgerRow(string OrderId, DateTime CreatedAt, DateTime UpdatedAt, string Ticker, string Side, long Quantity, string Type,
    string Status, string? BrokerOrderNo, long FilledQuantity, string? RunId, string? TradeId, string? LastError)
{
    public bool IsAmbiguous => LedgerSnapshot.Ambiguous.Contains(Status);
    public bool IsFinal => LedgerSnapshot.Final.Contains(Status);
}

internal sealed record FillRow(string OrderId, string ExecutionKey, long Quantity, decimal Price, string Source);

internal sealed record TradeRow(string TradeId, string Ticker, string Action, long Quantity);

internal sealed record RunRow(string RunId, string? NextNode);
