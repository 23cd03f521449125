using System.Data.Common;
using KisTrader.Core.History;
using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace KisTrader.Data.Stores;

/// <summary>The market-history store on SQLite or PostgreSQL (<c>history_bars</c>). Writes and the bulk read go through
/// plain ADO.NET commands on the context's connection (one SQL text for both providers): materialising half a million
/// rows as tracked-free entities and then as bars costs more than a direct reader, and the backtester reads that much at
/// start. On SQLite the read steps SQLite's own API (<see cref="SqliteHistoryReader"/>). Coverage and delete are ordinary
/// EF queries.</summary>
public sealed class EfMarketHistory(IDbContextFactory<KisTraderDbContext> factory) : IMarketHistory
{
    /// <summary>Rows per INSERT on PostgreSQL, where each statement is a round trip: 15 parameters a row stays far below its
    /// parameter limit. SQLite runs in process, and binds each parameter by looking its name up in the statement (a scan
    /// of all its parameters), so there one reused single-row statement is fastest.</summary>
    private const int BatchRows = 500;

    /// <summary>More tickers than this are filtered after the read instead of in an IN list.</summary>
    private const int MaxTickerParameters = 1000;

    private static readonly string[] Columns =
        ["ticker", "resolution", "kst_time", "open", "high", "low", "close", "adj_open", "adj_high", "adj_low", "adj_close", "volume", "traded_value", "source", "collected_at_ms"];

    public async Task<int> UpsertAsync(IReadOnlyCollection<HistoryBar> bars, CancellationToken ct = default)
    {
        foreach (var b in bars)
            if (b.KeyProblem() is { } problem) throw new ArgumentException(problem, nameof(bars));
        if (bars.Count == 0) return 0;
        // The last of several bars with one key wins, as if they had been written one after the other.
        var rows = bars.Select(HistoryRows.ToEntity)
            .GroupBy(e => (e.Ticker, e.Resolution, e.KstTime)).Select(g => g.Last()).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var conn = db.Database.GetDbConnection();
            var batch = db.Database.IsSqlite() ? 1 : BatchRows;
            DbCommand? full = null;
            try
            {
                for (var start = 0; start < rows.Count; start += batch)
                {
                    var n = Math.Min(batch, rows.Count - start);
                    // A full batch reuses one prepared command; only the last, shorter batch gets its own.
                    var cmd = n == batch ? full ??= InsertCommand(conn, tx, n) : InsertCommand(conn, tx, n);
                    for (var i = 0; i < n; i++)
                    {
                        var e = rows[start + i];
                        object[] values = [e.Ticker, e.Resolution, e.KstTime, e.Open, e.High, e.Low, e.Close, e.AdjOpen, e.AdjHigh, e.AdjLow, e.AdjClose,
                            e.Volume, e.TradedValue, e.Source, e.CollectedAtMs];
                        for (var c = 0; c < Columns.Length; c++) cmd.Parameters[i * Columns.Length + c].Value = values[c];
                    }
                    await cmd.ExecuteNonQueryAsync(ct);
                    if (cmd != full) await cmd.DisposeAsync();
                }
            }
            finally
            {
                if (full is not null) await full.DisposeAsync();
            }
            await tx.CommitAsync(ct);
            return rows.Count;
        });
    }

    private static DbCommand InsertCommand(DbConnection conn, IDbContextTransaction tx, int rows)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx.GetDbTransaction();
        var values = new List<string>(rows);
        for (var i = 0; i < rows; i++)
        {
            var names = new string[Columns.Length];
            for (var c = 0; c < Columns.Length; c++)
            {
                names[c] = $"@p{i}_{c}";
                var p = cmd.CreateParameter();
                p.ParameterName = names[c];
                cmd.Parameters.Add(p);
            }
            values.Add("(" + string.Join(",", names) + ")");
        }
        var updates = Columns.Skip(3).Select(c => $"\"{c}\" = excluded.\"{c}\"");
        cmd.CommandText = $"INSERT INTO \"history_bars\" ({string.Join(",", Columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(",", values)} " +
                          $"ON CONFLICT (\"ticker\", \"resolution\", \"kst_time\") DO UPDATE SET {string.Join(", ", updates)}";
        return cmd;
    }

    public async Task<IReadOnlyList<HistoryBar>> ReadAsync(HistoryQuery query, CancellationToken ct = default)
    {
        var (from, to) = HistoryRows.Range(query.From, query.To);
        // Point in time: nothing that starts after the latest bar visible at AsOf (PointInTime holds the rule).
        to = Math.Min(to, HistoryRows.Time(PointInTime.LatestVisibleStart(query.Resolution, query.AsOf)));
        if (from > to || query.Tickers is { Count: 0 }) return [];

        await using var db = await factory.CreateDbContextAsync(ct);
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Parameters as SQLite numbers them (?1, ?2, …) for its fast path, else by name.
            var values = new List<object>();
            string P(object value)
            {
                values.Add(value);
                return conn is SqliteConnection ? $"?{values.Count}" : $"@p{values.Count}";
            }
            var sql = "SELECT \"ticker\", \"kst_time\", \"open\", \"high\", \"low\", \"close\", \"adj_open\", \"adj_high\", \"adj_low\", \"adj_close\", " +
                      "\"volume\", \"traded_value\", \"source\", \"collected_at_ms\" FROM \"history_bars\" " +
                      $"WHERE \"resolution\" = {P((int)query.Resolution)} AND \"kst_time\" >= {P(from)} AND \"kst_time\" <= {P(to)}";
            HashSet<string>? filterAfter = null;
            if (query.Tickers is { } tickers)
            {
                if (tickers.Count <= MaxTickerParameters)
                    sql += $" AND \"ticker\" IN ({string.Join(",", tickers.Distinct(StringComparer.Ordinal).Select(t => P(t)))})";
                else filterAfter = tickers.ToHashSet(StringComparer.Ordinal);
            }
            sql += " ORDER BY \"ticker\", \"kst_time\"";
            List<HistoryBar> bars;
            if (conn is SqliteConnection sqlite)
                bars = SqliteHistoryReader.Read(sqlite, sql, values, query.Resolution, filterAfter, ct);
            else
            {
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = sql;
                for (var i = 0; i < values.Count; i++) Add(cmd, $"@p{i + 1}", values[i]);
                bars = await ReadRowsAsync(cmd, query.Resolution, filterAfter, ct);
            }
            // The database orders text by its collation; the contract promises ordinal order.
            if (!IsOrdinallySorted(bars))
                bars = [.. bars.OrderBy(b => b.Ticker, StringComparer.Ordinal).ThenBy(b => b.Time)];
            return bars;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<HistoryBar>> ReadRowsAsync(DbCommand cmd, BarResolution resolution, HashSet<string>? filterAfter, CancellationToken ct)
    {
        var bars = new List<HistoryBar>();
        // One string per ticker and per source, not one per row.
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string Intern(string s) => strings.TryGetValue(s, out var existing) ? existing : strings[s] = s;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var ticker = Intern(r.GetString(0));
            if (filterAfter is not null && !filterAfter.Contains(ticker)) continue;
            bars.Add(new HistoryBar(ticker, resolution, HistoryRows.Time(r.GetInt64(1)),
                HistoryRows.Price(r.GetInt64(2)), HistoryRows.Price(r.GetInt64(3)), HistoryRows.Price(r.GetInt64(4)), HistoryRows.Price(r.GetInt64(5)),
                HistoryRows.Price(r.GetInt64(6)), HistoryRows.Price(r.GetInt64(7)), HistoryRows.Price(r.GetInt64(8)), HistoryRows.Price(r.GetInt64(9)),
                r.GetInt64(10), r.GetInt64(11), Intern(r.GetString(12)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(13))));
        }
        return bars;
    }

    private static bool IsOrdinallySorted(List<HistoryBar> bars)
    {
        for (var i = 1; i < bars.Count; i++)
        {
            var c = string.CompareOrdinal(bars[i - 1].Ticker, bars[i].Ticker);
            if (c > 0 || (c == 0 && bars[i - 1].Time >= bars[i].Time)) return false;
        }
        return true;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public async Task<IReadOnlyList<HistoryCoverage>> CoverageAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.HistoryBars.AsNoTracking()
            .GroupBy(x => new { x.Ticker, x.Resolution })
            .Select(g => new { g.Key.Ticker, g.Key.Resolution, First = g.Min(x => x.KstTime), Last = g.Max(x => x.KstTime), Count = g.LongCount(), Collected = g.Max(x => x.CollectedAtMs) })
            .ToListAsync(ct);
        return [.. rows
            .Select(r => new HistoryCoverage(r.Ticker, (BarResolution)r.Resolution, HistoryRows.Time(r.First), HistoryRows.Time(r.Last), r.Count,
                DateTimeOffset.FromUnixTimeMilliseconds(r.Collected)))
            .OrderBy(c => c.Ticker, StringComparer.Ordinal).ThenBy(c => c.Resolution)];
    }

    public async Task UpsertInstrumentsAsync(IReadOnlyCollection<HistoryInstrument> instruments, CancellationToken ct = default)
    {
        foreach (var i in instruments)
            if (!MarketIndexes.IsInstrumentCode(i.Ticker)) throw new ArgumentException($"'{i.Ticker}' is not an instrument code", nameof(instruments));
        if (instruments.Count == 0) return;
        var latest = instruments.GroupBy(i => i.Ticker, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var tickers = latest.Select(i => i.Ticker).ToList();
        var stored = await db.HistoryInstruments.Where(x => tickers.Contains(x.Ticker)).ToDictionaryAsync(x => x.Ticker, ct);
        foreach (var i in latest)
        {
            if (!stored.TryGetValue(i.Ticker, out var row)) db.HistoryInstruments.Add(row = new HistoryInstrumentEntity { Ticker = i.Ticker });
            row.Market = HistoryCsv.Name(i.Market);
            row.Source = i.Source.Length > HistoryBar.MaxSourceLength ? i.Source[..HistoryBar.MaxSourceLength] : i.Source;
            row.UpdatedAtMs = i.UpdatedAt.ToUnixTimeMilliseconds();
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<HistoryInstrument>> InstrumentsAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.HistoryInstruments.AsNoTracking().ToListAsync(ct);
        return [.. rows
            .Select(r => new HistoryInstrument(r.Ticker, HistoryCsv.ParseMarket(r.Market) ?? throw new InvalidDataException($"history_instruments: unknown market '{r.Market}' of {r.Ticker}"),
                r.Source, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAtMs)))
            .OrderBy(i => i.Ticker, StringComparer.Ordinal)];
    }

    public async Task SaveCollectionAsync(CollectionSummary summary, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.HistoryCollections.Add(new HistoryCollectionEntity
        {
            Id = Guid.NewGuid().ToString("D"),
            FinishedAtMs = summary.FinishedAt.ToUnixTimeMilliseconds(),
            Summary = CollectionSummaryJson.Write(summary),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<CollectionSummary?> LastCollectionAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.HistoryCollections.AsNoTracking().OrderByDescending(x => x.FinishedAtMs).FirstOrDefaultAsync(ct);
        return row is null ? null : CollectionSummaryJson.Read(row.Summary);
    }

    public async Task<int> DeleteAsync(string ticker, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // One resolution at a time: each delete is then a range of the key (resolution, ticker, …), not a scan.
        var deleted = 0;
        foreach (var resolution in Enum.GetValues<BarResolution>().Select(r => (int)r))
            deleted += await db.HistoryBars.Where(x => x.Resolution == resolution && x.Ticker == ticker).ExecuteDeleteAsync(ct);
        return deleted;
    }
}
