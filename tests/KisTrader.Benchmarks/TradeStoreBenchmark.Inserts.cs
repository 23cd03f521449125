using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Benchmarks;

/// <summary>trade-store's insert rates: the store's batch insert beside hand-written ADO.NET batches of the same rows.</summary>
public static partial class TradeStoreBenchmark
{
    /// <summary>Insert rates at the full count: the store's batch insert against hand-written ADO.NET inserts of the same
    /// rows (one prepared INSERT per row, one transaction per batch of 1,000), and the store's single-row insert (what the
    /// trade recorder calls per fill) for context. The sample's rows are removed again afterwards.</summary>
    private static async Task<(double Store, double Ado, double Single, int Sample, double StoreCpu, double AdoCpu)> InsertRatesAsync(DatabaseProvider provider, Factory factory, EfTradeStore store, int rows)
    {
        var sample = BenchmarkMode.Pick(20_000, 5_000);
        var storeRows = Enumerable.Range(0, sample).Select(i => Trade(i, rows) with { TradeId = $"s{i:D7}" }).ToList();
        var adoRows = Enumerable.Range(0, sample).Select(i => Trade(i, rows) with { TradeId = $"a{i:D7}" }).ToList();
        var singleRows = Enumerable.Range(0, sample / 10).Select(i => Trade(i, rows) with { TradeId = $"o{i:D7}" }).ToList();

        var cpu = CpuMs();
        var sw = Stopwatch.StartNew();
        foreach (var chunk in storeRows.Chunk(Batch)) await store.InsertManyAsync(chunk);
        var storeRate = sample / sw.Elapsed.TotalSeconds;
        var storeCpuRate = sample / ((CpuMs() - cpu) / 1000);

        await using (var db = factory.CreateDbContext())
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            cpu = CpuMs();
            sw.Restart();
            foreach (var chunk in adoRows.Chunk(Batch)) await AdoInsertAsync(conn, chunk);
        }
        var adoRate = sample / sw.Elapsed.TotalSeconds;
        var adoCpuRate = sample / ((CpuMs() - cpu) / 1000);

        sw.Restart();
        foreach (var t in singleRows) await store.InsertAsync(t);
        var singleRate = singleRows.Count / sw.Elapsed.TotalSeconds;

        await using (var db = factory.CreateDbContext())
            await db.Trades.Where(t => t.TradeId.StartsWith("s") || t.TradeId.StartsWith("a") || t.TradeId.StartsWith("o")).ExecuteDeleteAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  inserts: store batches {storeRate:#,0}/s, ADO.NET batches {adoRate:#,0}/s, store one by one {singleRate:#,0}/s; per CPU-second of this process: store {storeCpuRate:#,0}, ADO.NET {adoCpuRate:#,0}"));
        return (storeRate, adoRate, singleRate, sample, storeCpuRate, adoCpuRate);
    }

    private static async Task AdoInsertAsync(DbConnection conn, IReadOnlyList<TradeRecord> batch)
    {
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO trades (trade_id, timestamp, ordered_at, ticker, action, quantity, price, justification_text, market_snapshot, portfolio_before,
                                pnl_7_days, pnl_30_days, ml_probability, ml_model_version)
            VALUES (@id, @ts, @oa, @tk, @ac, @q, @p, @j, @m, @pb, @p7, @p30, @ml, @mv)
            """;
        var names = new[] { "id", "ts", "oa", "tk", "ac", "q", "p", "j", "m", "pb", "p7", "p30", "ml", "mv" };
        foreach (var n in names) Add(cmd, n, DBNull.Value);
        await cmd.PrepareAsync();
        foreach (var t in batch)
        {
            object?[] values = [t.TradeId, t.Timestamp.UtcDateTime, t.OrderedAt?.UtcDateTime, t.Ticker, t.Action.ToText(), t.Quantity, t.Price,
                t.JustificationText, t.MarketSnapshot, t.PortfolioBefore, t.Pnl7Days, t.Pnl30Days, t.MlProbability, t.MlModelVersion];
            for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
