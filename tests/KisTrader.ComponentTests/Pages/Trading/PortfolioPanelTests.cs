using KisTrader.Core.InMemory;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Portfolio;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Dashboard;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using KisTrader.Testing.Ledger;

namespace KisTrader.ComponentTests.Pages.Trading;

/// <summary>The Overview's portfolio panel with holdings, today's orders and fills (the Overview tests cover it empty and
/// failing).</summary>
public sealed class PortfolioPanelTests : ComponentTest
{
    private readonly FakeAccount account = new();
    private readonly InMemoryOrderLedger ledger = new();
    private readonly TickCache ticks = new();
    private readonly InMemoryEquityPoints equityPoints = new();

    public PortfolioPanelTests()
    {
        Services.AddSingleton<IAccountReader>(account);
        Services.AddSingleton<IOrderLedger>(ledger);
        Services.AddSingleton<IMarketData>(new FakeMarketData());
        Services.AddSingleton(ticks);
        Services.AddSingleton<TickerNames>();
        Services.AddSingleton(new EquityHistory(equityPoints, new FakeEquityMarks(), Clock));
        account.Balance = new AccountBalance(10_000_000m, 9_000_000m, 7_200_000m, 16_200_000m, 16_200_000m, 7_000_000m, 200_000m,
            [new Holding("005930", "삼성전자", 100, 100, 70_000m, 7_000_000m, 72_000m, 7_200_000m, 200_000m, 2.86m)]);
    }

    private LedgerOrder Order(string id, int minutesAgo, long quantity, long filled, LedgerOrderStatus status) => new(
        id, Clock.GetUtcNow().AddMinutes(-minutesAgo), Clock.GetUtcNow(), "005930", Side.Buy, quantity, OrderPriceType.Limit, 72_000m, status,
        null, null, filled, filled > 0 ? 72_000m : null, "run-1", null, "momentum", null);

    [Fact]
    public async Task ShowsHoldingsAtTheirPrice_TodaysOrders_AndTheirFills()
    {
        // o1 is sent, then filled through the ledger's own fill path.
        ledger.Seed(Order("o1", 20, 10, 0, LedgerOrderStatus.Sent));
        ledger.Seed(Order("o2", 5, 5, 0, LedgerOrderStatus.Sent));
        ledger.Seed(Order("yesterday", 24 * 60, 1, 1, LedgerOrderStatus.Filled));
        Assert.True(await ledger.AddFillAsync(new LedgerFill("o1", "e1", 10, 72_000m, Clock.GetUtcNow().AddMinutes(-19), "notice")));
        var cut = Render<PortfolioPanel>();

        // Cash at D+2 plus 100 shares at 72,000.
        Assert.Equal("16,200,000", cut.Find("[data-testid=portfolio-value]").TextContent.Trim());
        Assert.Equal("+200,000", cut.Find("[data-testid=portfolio-pnl]").TextContent.Trim());
        var position = cut.Find("[data-testid=position][data-ticker='005930']");
        Assert.Contains("삼성전자", position.TextContent);
        Assert.Equal("72,000", cut.Find("[data-testid=position-price]").TextContent);
        Assert.Equal(["o2", "o1"], cut.FindAll("[data-testid=order-row]").Select(r => r.GetAttribute("data-order")));
        Assert.Equal("1", cut.Find("[data-testid=fills-today]").TextContent.Trim());
        Assert.Equal("o1", cut.Find("[data-testid=fill]").GetAttribute("data-order"));
        Assert.Empty(cut.FindAll("[data-testid=no-positions]"));
    }

    [Fact]
    public void ALiveTick_RepricesTheHolding()
    {
        var cut = Render<PortfolioPanel>();
        var tick = new Tick("005930", Clock.GetUtcNow(), 73_000m, 1_000m, 1.39m, 72_000m, 73_000m, 71_500m, 1, 1_000, 72_000_000m,
            73_100m, 73_000m, 100m, Side.Buy, false);
        ticks.Update(tick);
        Bus.Publish(new TickReceived(tick));
        Clock.Advance(TimeSpan.FromSeconds(1)); // live prices render at most every RenderInterval
        cut.WaitForAssertion(() => Assert.Equal("73,000", cut.Find("[data-testid=position-price]").TextContent));
        Assert.Equal("16,300,000", cut.Find("[data-testid=portfolio-value]").TextContent.Trim());
    }

    [Fact]
    public void AFillRecorded_AppearsAtOnce_AndTheBalanceIsReadAgain()
    {
        var order = Order("o3", 1, 10, 4, LedgerOrderStatus.PartiallyFilled);
        var cut = Render<PortfolioPanel>();
        var readsBefore = account.Reads;
        Assert.Single(cut.FindAll("[data-testid=no-fills]"));

        Bus.Publish(new FillRecorded(new LedgerFill("o3", "e3", 4, 72_000m, Clock.GetUtcNow(), "notice"), order));

        cut.WaitForAssertion(() => Assert.Equal("o3", cut.Find("[data-testid=fill]").GetAttribute("data-order")));
        Assert.Contains("(4/10)", cut.Find("[data-testid=fill]").TextContent);
        Assert.Equal(LedgerOrderStatus.PartiallyFilled.ToString(), cut.Find("[data-testid=order-row]").GetAttribute("data-status"));
        cut.WaitForAssertion(() => Assert.True(account.Reads > readsBefore));
    }

    [Fact]
    public void AnOrderUpdate_IsShownAtTheNextBoundedRender()
    {
        var sent = Order("o4", 1, 10, 0, LedgerOrderStatus.Sent);
        ledger.Seed(sent);
        var cut = Render<PortfolioPanel>();
        cut.WaitForAssertion(() => Assert.Equal(LedgerOrderStatus.Sent.ToString(), cut.Find("[data-testid=order-row]").GetAttribute("data-status")));

        Bus.Publish(new OrderUpdated(sent with { Status = LedgerOrderStatus.Cancelled, UpdatedAt = Clock.GetUtcNow().AddSeconds(1) }));

        // Status changes render at most every RenderInterval (fills at once): the clock moves on until the bus's handler
        // has run and a bounded render has shown it.
        for (var deadline = DateTime.UtcNow.AddSeconds(15); ;)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(250));
            try
            {
                cut.WaitForAssertion(() => Assert.Equal(LedgerOrderStatus.Cancelled.ToString(), cut.Find("[data-testid=order-row]").GetAttribute("data-status")),
                    TimeSpan.FromMilliseconds(200));
                break;
            }
            catch (Bunit.Extensions.WaitForHelpers.WaitForFailedException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private static string? DrawnPoints(IRenderedComponent<PortfolioPanel> cut) => cut.Find("[data-testid=equity-chart]").GetAttribute("data-points");

    [Fact]
    public async Task TheCurve_DrawsTheRecordedEquity_AndTodaysPnlIsMeasuredFromTheDaysFirstPoint()
    {
        var now = Clock.GetUtcNow();
        await equityPoints.AddAsync(new(now.AddDays(-1), 15_000_000m, "yesterday"));
        await equityPoints.AddAsync(new(now.AddHours(-2), 16_000_000m, "r1"));
        await equityPoints.AddAsync(new(now.AddHours(-1), 16_100_000m, "r2"));

        var cut = Render<PortfolioPanel>();

        // The three recorded points and the live portfolio now.
        cut.WaitForAssertion(() => Assert.Equal("4", DrawnPoints(cut)));
        Assert.StartsWith("+200,000", cut.Find("[data-testid=today-pnl]").TextContent.Trim());
    }

    [Fact]
    public void AnEquityPointRecordedByARun_IsAddedToTheCurveLive()
    {
        var cut = Render<PortfolioPanel>();
        cut.WaitForAssertion(() => Assert.Equal("1", DrawnPoints(cut)));

        Clock.Advance(TimeSpan.FromSeconds(5));
        Bus.Publish(new EquityObserved(new EquityObservation(Clock.GetUtcNow(), 16_250_000m, "r3")));

        cut.WaitForAssertion(() => Assert.Equal("2", DrawnPoints(cut)));
    }
}
