using System.Text.Json;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Security;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting.Logging;
using KisTrader.Web.Hosting.Options;
using Serilog.Extensions.Logging;
using static KisTrader.Tests.Execution.Support.BrokerRows;

namespace KisTrader.Tests.Trading;

/// <summary>The trade log (logs/trades-*.log) is written from the real order path: every step of an order's life, one
/// JSON line each, in order, with the ledger's order id.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class TradeLogTests
{
    private sealed record Line(string Kind, string OrderId, string? BrokerOrderNo, string Ticker, string Side, long Quantity, string Status,
        long? FillQuantity, string? FillPrice, long FilledQuantity, string? RunId, string? Reason, string Raw);

    [Fact]
    public async Task A_market_order_through_the_composed_app_and_the_simulator_logs_intent_sent_acknowledged_and_fill_in_order()
    {
        using var dir = new TempDataDir();
        const string account = "50071234";
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            // The app runs at Warning: the trade log must not thin out with the level.
            ["Logs:MinimumLevel"] = "Warning",
            ["Kis:AccountNumber"] = account,
        });
        var gateway = app.Get<OrderGateway>();
        const string ticker = "005930";
        await app.PriceAsync(ticker);

        var result = await gateway.SubmitAsync(new PlannedOrder(ticker, Side.Buy, 3, OrderPriceType.Market, null, "trade log test", 0.8m), "run-tradelog", null);
        Assert.True(result.Sent, $"{result.Verdict.Code}: {result.Verdict.Reason} / {result.Submission?.Message}");
        var id = result.OrderId!;

        List<Line> lines = [];
        await Poll.UntilAsync(() =>
        {
            lines = Read(dir.LogDir).Where(l => l.OrderId == id).ToList();
            return Task.FromResult(lines.Where(l => l.Kind == "fill").Sum(l => l.FillQuantity ?? 0) == 3);
        }, TimeSpan.FromSeconds(30), "the fills of the order in the trade log");

        var kinds = lines.Select(l => l.Kind).ToList();
        Assert.Equal(["intent", "sent", "acknowledged"], kinds.Take(3));
        Assert.All(kinds.Skip(3), k => Assert.Equal("fill", k));
        var brokerNo = result.Submission!.OrderId!.OrderNo;
        Assert.All(lines, l => Assert.Equal((ticker, "BUY", 3L, "run-tradelog"), (l.Ticker, l.Side, l.Quantity, l.RunId)));
        Assert.Null(lines[0].BrokerOrderNo);
        Assert.All(lines.Skip(2), l => Assert.Equal(brokerNo, l.BrokerOrderNo));
        Assert.Equal(("Intent", "Intent", "Sent"), (lines[0].Status, lines[1].Status, lines[2].Status));
        var last = lines[^1];
        Assert.Equal(("Filled", 3L), (last.Status, last.FilledQuantity));
        Assert.All(lines.Skip(3), l => Assert.True(decimal.Parse(l.FillPrice!, System.Globalization.CultureInfo.InvariantCulture) > 0, l.Raw));
        // The ledger agrees with the log.
        var order = (await app.Get<KisTrader.Core.Ports.IOrderLedger>().GetAsync(id))!;
        Assert.Equal((LedgerOrderStatus.Filled, brokerNo), (order.Status, order.BrokerOrderNo));
        Assert.DoesNotContain(Read(dir.LogDir), l => l.Raw.Contains(account, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejection_an_unknown_outcome_EGW00002_and_a_cancel_log_their_lines_with_the_reason_and_reconciliation_logs_its_own()
    {
        var logDir = Path.Combine(Path.GetTempPath(), "kistrader-tradelog-" + Guid.NewGuid().ToString("N")[..10]);
        await using var h = await GatewayHarness.CreateAsync();
        using (var factory = new SerilogLoggerFactory(LoggingSetup.CreateLogger(new LogsOptions { Directory = logDir }, new SecretRedactor(), console: false), dispose: true))
        using (var log = new TradeEventLog(h.Bus, factory))
        {
            log.Start();
            h.Router.Answer = _ => new OrderSubmission(SubmissionStatus.Rejected, null, null, "APBK0919", "주문가능금액을 초과했습니다");
            var rejected = await h.Gateway.SubmitAsync(Buy(), "run-r", null);
            h.Router.Answer = _ => OrderSubmission.Unknown("EGW00002", "서버 에러가 발생하였습니다.");
            var unknown = await h.Gateway.SubmitAsync(Buy(), "run-u", null);

            // The broker did place the second one: reconciliation finds it in the order list.
            h.Account.Orders.Add(Row(h.Clock, "0000000077", "000660", Side.Buy, 5, 20_000m));
            Assert.Equal(0, (await h.Gateway.ReconcileAsync()).Unresolved);

            // An accepted order cancelled (a stale limit order, the kill switch): its cancel line.
            h.Router.Answer = null;
            var cancelled = await h.Gateway.SubmitAsync(Buy(), "run-c", null);
            Assert.True(await h.Gateway.CancelAsync(cancelled.OrderId!, "unfilled after 15 min"));

            await Poll.UntilAsync(() => Task.FromResult(Read(logDir).Any(l => l.Kind == "cancel")), TimeSpan.FromSeconds(10),
                "the cancel line in the trade log");

            var lines = Read(logDir);
            var r = lines.Where(l => l.OrderId == rejected.OrderId).ToList();
            Assert.Equal(["intent", "sent", "rejection"], r.Select(l => l.Kind));
            Assert.Equal(("Rejected", "APBK0919: 주문가능금액을 초과했습니다", "run-r"), (r[2].Status, r[2].Reason, r[2].RunId));

            var u = lines.Where(l => l.OrderId == unknown.OrderId).ToList();
            Assert.Equal(["intent", "sent", "unknown", "reconciled"], u.Select(l => l.Kind));
            Assert.Equal(("Unknown", "EGW00002: 서버 에러가 발생하였습니다."), (u[2].Status, u[2].Reason));
            Assert.Equal(("Sent", "0000000077"), (u[3].Status, u[3].BrokerOrderNo));

            var c = lines.Where(l => l.OrderId == cancelled.OrderId).ToList();
            Assert.Equal(["intent", "sent", "acknowledged", "cancel"], c.Select(l => l.Kind));
            Assert.Equal(("Cancelled", "cancelled: unfilled after 15 min", cancelled.Submission!.OrderId!.OrderNo),
                (c[3].Status, c[3].Reason, c[3].BrokerOrderNo));
        }
    }

    private static PlannedOrder Buy() => new("000660", Side.Buy, 5, OrderPriceType.Limit, 20_000m, "trade log", 0.7m);

    /// <summary>Every line of the trade log files in <paramref name="logDir"/> (read while the app may still write them).</summary>
    private static List<Line> Read(string logDir)
    {
        if (!Directory.Exists(logDir)) return [];
        var lines = new List<Line>();
        foreach (var file in Directory.GetFiles(logDir, "trades-*.log").Order())
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } raw)
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                JsonElement p;
                try
                {
                    p = JsonDocument.Parse(raw).RootElement.GetProperty("Properties");
                }
                catch (JsonException)
                {
                    continue; // a line still being written
                }
                lines.Add(new Line(Text(p, "EventKind")!, Text(p, "OrderId")!, Text(p, "BrokerOrderNo"), Text(p, "Ticker")!, Text(p, "Side")!,
                    Number(p, "Quantity") ?? 0, Text(p, "Status")!, Number(p, "FillQuantity"), Text(p, "FillPrice"), Number(p, "FilledQuantity") ?? 0,
                    Text(p, "RunId"), Text(p, "Reason"), raw));
            }
        }
        return lines;
    }

    private static string? Text(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}
