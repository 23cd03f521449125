using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Web.Hosting.Options;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Data;

/// <summary>The app's default SQLite connection (Database:ConnectionString unset) lets a writer work beside an open
/// reader. In shared-cache mode (how it was) a fill's write to the ledger could not start while a dashboard or a run was
/// reading the orders table: Microsoft.Data.Sqlite retried it every 150 ms, a thread asleep each time (issue 18 goal 3).</summary>
public sealed class SqliteDefaultConnectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task AFill_IsWrittenWhileAReadOfTheOrdersTableIsOpen()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-defaultcs-" + Guid.NewGuid().ToString("N")[..10]);
        var cs = new DatabaseOptions { DataDirectory = dir }.ResolveConnectionString();
        Directory.CreateDirectory(dir);
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        var ledger = new EfOrderLedger(factory);
        await ledger.AddAsync(new LedgerOrder("a", T0, T0, "005930", Side.Buy, 10, OrderPriceType.Limit, 71_000m, LedgerOrderStatus.Sent,
            "00950", "0000012345", 0, null, "run-1", null, "because", null));

        // A reader in the middle of its statement, as a page's query is while it reads rows.
        await using var reading = new SqliteConnection(cs);
        await reading.OpenAsync();
        await using var select = reading.CreateCommand();
        select.CommandText = "SELECT order_id FROM orders";
        await using var rows = await select.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync());

        // Off this thread: a blocked write sleeps its thread until the command times out.
        var written = await Task.Run(() => ledger.AddFillAsync(new LedgerFill("a", "k1", 10, 71_000m, T0, LedgerRecorder.NoticeSource)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(written);
        Assert.Equal((LedgerOrderStatus.Filled, 10L), ((await ledger.GetAsync("a"))!.Status, (await ledger.GetAsync("a"))!.FilledQuantity));
    }
}
