using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Security;
using KisTrader.Web.Hosting.Logging;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace KisTrader.Tests.Web;

public sealed class LoggingTests
{
    private const string AppKey = "PSg7Known0AppKey0Value0123456789abcd";
    private const string AppSecret = "KnownAppSecretValue/With+Chars=0987654321";
    private const string Account = "50071234";
    private const string LlmKey = "sk-knownLlmKey1234567890abcdef";
    private const string AccessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.knownTokenBody.sig";

    private sealed record KisCredentials(string AppKey, string AppSecret, string Cano);

    [Fact]
    public void EverySink_RedactsSecretsInTemplatesPropertiesObjectsAndExceptions()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-logs-" + Guid.NewGuid().ToString("N")[..10]);
        var redactor = new SecretRedactor();
        foreach (var s in new[] { AppKey, AppSecret, Account, LlmKey }) redactor.Register(s);
        // A token obtained at run time is registered by the code that obtains it.
        redactor.Register(AccessToken);

        var logger = LoggingSetup.CreateLogger(new LogsOptions { Directory = dir }, redactor, console: false);
        using (var factory = new SerilogLoggerFactory(logger, dispose: true))
        {
            var log = factory.CreateLogger("KisTrader.Kis.Auth");
            log.LogInformation("Token request with appkey {AppKey} and secret {Secret}", AppKey, AppSecret);
            log.LogInformation($"Interpolated account {Account} and key {LlmKey}");
            log.LogWarning("Credentials {@Credentials}", new KisCredentials(AppKey, AppSecret, Account));
            log.LogWarning("Headers {Headers}", new Dictionary<string, string> { ["authorization"] = "Bearer " + AccessToken, ["tr_id"] = "FHKST01010100" });
            log.LogError(new InvalidOperationException($"KIS said no to {AppKey} / {AccessToken}", new Exception("inner " + AppSecret)), "Call failed for account {Account}", Account);
            using var bus = new InMemoryEventBus();
            var order = new LedgerOrder("ord-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "005930", Side.Buy, 10, OrderPriceType.Limit, 71_900m,
                LedgerOrderStatus.Rejected, "00950", "0000123", 0, null, "run-1", null, "momentum", $"refused for account {Account}");
            new TradeEventLog(bus, factory).Write(new OrderLifecycleEvent(OrderEventKind.Rejection, DateTimeOffset.UtcNow, order));
        }

        var files = Directory.GetFiles(dir);
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("kistrader-", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("errors-", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("trades-", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var secret in new[] { AppKey, AppSecret, Account, LlmKey, AccessToken })
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetFileName(file)} contains a secret: {text}");
        }

        var all = File.ReadAllText(files.Single(f => Path.GetFileName(f).StartsWith("kistrader-", StringComparison.Ordinal)));
        Assert.Contains("FHKST01010100", all); // ordinary values survive
        Assert.Contains("InvalidOperationException", all);
        var errors = File.ReadAllLines(files.Single(f => Path.GetFileName(f).StartsWith("errors-", StringComparison.Ordinal)));
        Assert.Contains(errors, l => l.Contains("[ERR]"));
        Assert.DoesNotContain(errors, l => l.Contains("[INF]") || l.Contains("[WRN]"));
        var trades = File.ReadAllLines(files.Single(f => Path.GetFileName(f).StartsWith("trades-", StringComparison.Ordinal)));
        var line = Assert.Single(trades);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("ord-1", json.RootElement.GetProperty("Properties").GetProperty("OrderId").GetString());
    }

    [Fact]
    public void ConsoleLevel_QuietsOnlyTheConsole_TheFileStillGetsEveryEventAboveTheMinimum()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-logs-" + Guid.NewGuid().ToString("N")[..10]);
        var console = new StringWriter();
        var options = new LogsOptions { Directory = dir, MinimumLevel = Serilog.Events.LogEventLevel.Debug, ConsoleLevel = Serilog.Events.LogEventLevel.Warning };
        var logger = LoggingSetup.CreateLogger(options, new SecretRedactor(), console: true, consoleWriter: console);
        using (var factory = new SerilogLoggerFactory(logger, dispose: true))
        {
            var log = factory.CreateLogger("KisTrader.Test");
            log.LogDebug("debug detail");
            log.LogInformation("information line");
            log.LogWarning("warning line");
        }

        var text = console.ToString();
        Assert.Contains("warning line", text);
        Assert.DoesNotContain("information line", text);
        Assert.DoesNotContain("debug detail", text);
        var file = File.ReadAllText(Directory.GetFiles(dir).Single(f => Path.GetFileName(f).StartsWith("kistrader-", StringComparison.Ordinal)));
        Assert.Contains("debug detail", file);
        Assert.Contains("information line", file);
        Assert.Contains("warning line", file);
    }
}
