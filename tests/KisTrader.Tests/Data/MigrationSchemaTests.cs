using System.Data.Common;
using KisTrader.Data;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Tests.Data;

/// <summary>
/// Our migrations are hand-written, so nothing in EF checks them against the model. These tests
/// do: a database built by the migrations must equal one built from the model itself.
/// </summary>
public sealed class SqliteMigrationSchemaTests
{
    private static string NewDb() => Path.Combine(Path.GetTempPath(), "kistrader-schema-" + Guid.NewGuid().ToString("N")[..10] + ".db");

    [Fact]
    public async Task MigratedSqliteSchema_EqualsTheModel()
    {
        var migrated = $"Data Source={NewDb()}";
        await new DatabaseInitializer(new TestContextFactory(DatabaseProvider.Sqlite, migrated)).InitializeAsync();
        var modelBuilt = $"Data Source={NewDb()}";
        await using (var db = DataServiceCollectionExtensions.CreateContext(DatabaseProvider.Sqlite, modelBuilt))
            await db.Database.EnsureCreatedAsync();

        Assert.Equal(await DescribeSqlite(modelBuilt), await DescribeSqlite(migrated));
    }

    [Fact]
    public async Task Initializer_PutsSqliteInWalMode_AndIsRepeatable()
    {
        var cs = $"Data Source={NewDb()}";
        var init = new DatabaseInitializer(new TestContextFactory(DatabaseProvider.Sqlite, cs));
        await init.InitializeAsync();
        await init.InitializeAsync();
        await using var db = DataServiceCollectionExtensions.CreateContext(DatabaseProvider.Sqlite, cs);
        Assert.Equal("wal", await Scalar(db, "PRAGMA journal_mode;"));
        // Every migration in the assembly, each once (other features add theirs after InitialCreate).
        var applied = await init.AppliedMigrationsAsync();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Equal("20261122000000_InitialCreate", applied[0]);
    }

    [Fact]
    public async Task TradesTable_HasExactlyTheMissionColumnsAndIndexes()
    {
        var cs = $"Data Source={NewDb()}";
        await new DatabaseInitializer(new TestContextFactory(DatabaseProvider.Sqlite, cs)).InitializeAsync();
        var schema = await DescribeSqlite(cs);
        Assert.Contains("trades: trade_id TEXT notnull pk1, timestamp TEXT notnull, ticker TEXT notnull, action TEXT notnull, quantity INTEGER notnull, price TEXT notnull, justification_text TEXT notnull, market_snapshot TEXT notnull, portfolio_before TEXT notnull, pnl_7_days TEXT, pnl_30_days TEXT, ordered_at TEXT", schema);
        Assert.Contains("index idx_trades_timestamp on trades(timestamp)", schema);
        Assert.Contains("index idx_trades_ticker on trades(ticker)", schema);
        Assert.Contains("index idx_trades_action on trades(action)", schema);
        // The Trades page's filters within a period (TradeQueryIndexes).
        Assert.Contains("index idx_trades_ticker_timestamp on trades(ticker,timestamp)", schema);
        Assert.Contains("index idx_trades_action_timestamp on trades(action,timestamp)", schema);
    }

    internal static async Task<string> Scalar(KisTraderDbContext db, string sql)
    {
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<string> DescribeSqlite(string cs)
    {
        await using var db = DataServiceCollectionExtensions.CreateContext(DatabaseProvider.Sqlite, cs);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var lines = new List<string>();
        var tables = await Rows(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name");
        foreach (var t in tables.Select(r => r[0]))
        {
            var cols = await Rows(conn, $"PRAGMA table_info('{t}')");
            lines.Add($"{t}: " + string.Join(", ", cols.Select(c => $"{c[1]} {c[2]}{(c[3] == "1" ? " notnull" : "")}{(c[5] != "0" ? " pk" + c[5] : "")}")));
            foreach (var fk in await Rows(conn, $"PRAGMA foreign_key_list('{t}')"))
                lines.Add($"fk {t}.{fk[3]} -> {fk[2]}.{fk[4]} on delete {fk[6]}");
            foreach (var idx in (await Rows(conn, $"PRAGMA index_list('{t}')")).Where(i => i[3] == "c"))
            {
                var cols2 = await Rows(conn, $"PRAGMA index_info('{idx[1]}')");
                lines.Add($"{(idx[2] == "1" ? "unique " : "")}index {idx[1]} on {t}({string.Join(",", cols2.Select(c => c[2]))})");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static async Task<List<string[]>> Rows(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await r.ReadAsync())
            rows.Add([.. Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i)) ?? "")]);
        return rows;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationSchemaTests(PostgresServer server)
{
    [Fact]
    public async Task MigratedPostgresSchema_EqualsTheModel()
    {
        var migrated = await server.CreateDatabaseAsync();
        await new DatabaseInitializer(new TestContextFactory(DatabaseProvider.PostgreSql, migrated)).InitializeAsync();
        var modelBuilt = await server.CreateDatabaseAsync();
        await using (var db = DataServiceCollectionExtensions.CreateContext(DatabaseProvider.PostgreSql, modelBuilt))
            await db.Database.EnsureCreatedAsync();

        Assert.Equal(await Describe(modelBuilt), await Describe(migrated));
        Assert.Contains("trades.price numeric(18,4) NO", await Describe(migrated));
    }

    private static async Task<string> Describe(string cs)
    {
        await using var conn = new Npgsql.NpgsqlConnection(cs);
        await conn.OpenAsync();
        var lines = new List<string>();
        await using (var cmd = new Npgsql.NpgsqlCommand("""
            SELECT table_name, column_name,
                   CASE WHEN data_type = 'numeric' THEN 'numeric(' || numeric_precision || ',' || numeric_scale || ')'
                        WHEN data_type = 'character varying' THEN 'varchar(' || character_maximum_length || ')'
                        ELSE data_type END,
                   is_nullable, coalesce(is_identity, 'NO')
            FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                lines.Add($"{r.GetString(0)}.{r.GetString(1)} {r.GetString(2)} {r.GetString(3)} identity={r.GetString(4)}");
        await using (var cmd = new Npgsql.NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                lines.Add(r.GetString(0));
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }
}
