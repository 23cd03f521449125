using KisTrader.Core.InMemory;
using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Web.Alerts;
using KisTrader.Web.Components.Layout;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Identity;
using KisTrader.Web.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging.Abstractions;
using KisTrader.Testing.Ledger;

namespace KisTrader.ComponentTests.Layout;

/// <summary>Alerts reach the dashboard the way every notification does: the real monitor, detector and notifier, the
/// layout's toasts.</summary>
public sealed class AlertToastTests : ComponentTest
{
    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("no webhook is configured");
    }

    private readonly InMemoryOrderLedger _ledger = new();

    public AlertToastTests() => AddStatusServices();

    private async Task<(IRenderedComponent<MainLayout> Layout, AlertMonitor Monitor)> StartAsync()
    {
        SignIn(Roles.Viewer);
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Page</h1>"))));
        cut.WaitForAssertion(() => Assert.Equal(1, Bus.Subscribers<NotificationRaised>()));
        var notifier = new Notifier(Bus, new NotificationsOptions(), new NoHttp(), NullLogger<Notifier>.Instance, Clock);
        var detector = new AlertDetector(new AlertOptions { IsSessionOpen = new KrxCalendar().IsInSession }, Clock);
        var monitor = new AlertMonitor(detector, new RiskLimits(), Bus, notifier, _ledger, new CircuitReading(() => false), Clock,
            NullLogger<AlertMonitor>.Instance);
        await monitor.StartAsync(CancellationToken.None);
        return (cut, monitor);
    }

    private Tick Tick(int seconds, decimal price, long cumulative) => new("005930", Clock.GetUtcNow().AddSeconds(seconds), price, 0, 0, price, price,
        price, 10, cumulative, 0, price, price, 100, Side.Buy, false);

    [Fact]
    public async Task ASurgeInTheRealtimeFeed_ShowsAsAToastOnTheDashboard()
    {
        var (cut, monitor) = await StartAsync();
        Bus.Publish(new TickReceived(Tick(0, 70_000, 10)));
        Bus.Publish(new TickReceived(Tick(60, 72_800, 20)));
        cut.WaitForAssertion(() => Assert.Contains("Surge 005930 +4%", cut.Find("[data-testid=toast]").TextContent));
        Assert.Contains("rose 4% in 60 s", cut.Find("[data-testid=toast]").TextContent);
        await monitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnOrderOfUnknownOutcomePastTheGrace_ShowsAsAToastAtTheNextHealthCheck()
    {
        var (cut, monitor) = await StartAsync();
        Bus.Publish(new TickReceived(Tick(0, 70_000, 10)));
        var at = Clock.GetUtcNow().AddMinutes(-2);
        _ledger.Seed(new LedgerOrder("ord-1", at, at, "005930", Side.Sell, 3, OrderPriceType.Limit, 70_000m, LedgerOrderStatus.Unknown,
            null, null, 0, null, "run-1", null, null, "time-out"));
        Clock.Advance(AlertMonitor.HealthPeriod);
        cut.WaitForAssertion(() => Assert.Contains("Order of unknown outcome: Sell 005930", cut.Find("[data-testid=toast]").TextContent));
        await monitor.StopAsync(CancellationToken.None);
    }
}
