using KisTrader.Core.InMemory;
using KisTrader.Core.Graphs;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Trades;
using KisTrader.Web.Components.Pages;
using KisTrader.Web.Dashboard;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using KisTrader.Web.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using static KisTrader.ComponentTests.FakeTradeStore;
using KisTrader.Testing.Ledger;

namespace KisTrader.ComponentTests.Pages.Trading;

/// <summary>The Overview with its two panels (trading status, portfolio) over fakes.</summary>
public sealed class OverviewTests : ComponentTest
{
    private readonly FakeTradeStore trades = new();
    private readonly FakeGraphStore graphs = new();
    private readonly FakeAccount account = new();

    public OverviewTests()
    {
        var marks = new FakeEquityMarks();
        var audit = new FakeAuditLog();
        Services.AddSingleton<ITradeStore>(trades);
        Services.AddSingleton(new RecordedTrades(trades, Clock));
        Services.AddSingleton<IGraphStore>(graphs);
        Services.AddSingleton<IAccountReader>(account);
        Services.AddSingleton<IOrderLedger>(new InMemoryOrderLedger());
        Services.AddSingleton(new TickCache());
        Services.AddSingleton<TickerNames>();
        Services.AddSingleton(new EquityHistory(new InMemoryEquityPoints(), marks, Clock));
        Services.AddSingleton(new LossLimitGuard(new RiskLimits(), account, marks, Control, audit, Bus, Clock));
        AddNextRunInfo();
        SignIn(Roles.Viewer);
        // Trades 1 hour, 3 days, 20 days and 200 days old, as the browser test seeds them.
        var now = Clock.GetUtcNow();
        trades.Trades.Add(Trade("t0", now.AddHours(-1)));
        trades.Trades.Add(Trade("t1", now.AddDays(-3), action: TradeAction.Sell));
        trades.Trades.Add(Trade("t2", now.AddDays(-20), pnl7: -12_345m));
        trades.Trades.Add(Trade("t3", now.AddDays(-200)));
    }

    [Fact]
    public void ShowsTheTradingStateThePortfolioAndTheLast7Days()
    {
        var cut = Render<Overview>();
        Assert.Equal("Active", cut.Find("[data-testid=overview-trading-mode]").TextContent.Trim());
        Assert.Equal("0", cut.Find("[data-testid=overview-pending]").TextContent.Trim());
        Assert.Contains("not measured yet", cut.Find("[data-testid=overview-loss-limits]").TextContent);
        Assert.Equal("Capital cap: none", cut.Find("[data-testid=overview-capital-cap]").TextContent.Trim());
        Assert.Equal("not scheduled", cut.Find("[data-testid=overview-next-run]").TextContent.Trim());
        Assert.Contains("No run yet", cut.Find("[data-testid=overview-last-run]").TextContent);
        // Cash at D+2 (what settles) plus holdings at live prices.
        Assert.Equal("99,000,000", cut.Find("[data-testid=portfolio-value]").TextContent.Trim());
        Assert.Single(cut.FindAll("[data-testid=no-positions]"));
        Assert.Single(cut.FindAll("[data-testid=no-fills]"));
        Assert.Equal("2", cut.Find("[data-testid=trade-count]").TextContent.Trim());
        Assert.Equal("4", cut.Find("[data-testid=trade-total]").TextContent.Trim());
    }

    [Fact]
    public void TheCapitalCap_IsShownWithTheOtherRiskLimits()
    {
        // The Overview reads the limits from the guard, which holds the very RiskLimits the risk engine checks.
        Services.AddSingleton(new LossLimitGuard(new RiskLimits { MaxCapitalKrw = 50_000_000m }, account, new FakeEquityMarks(), Control, new FakeAuditLog(), Bus, Clock));
        var cut = Render<Overview>();
        Assert.Equal("Capital cap: 50,000,000 KRW invested at most", cut.Find("[data-testid=overview-capital-cap]").TextContent.Trim());
    }

    [Fact]
    public void ThePeriodButtons_ReadTheStoreAgain()
    {
        var cut = Render<Overview>();
        cut.Find("[data-testid=period-select]").QuerySelectorAll("button").First(b => b.TextContent.Contains("30 days")).Click();
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=trade-count]").TextContent.Trim()));
        Assert.Equal("-12,345", cut.Find("[data-testid=pnl7-total]").TextContent.Trim());
        cut.Find("[data-testid=period-select]").QuerySelectorAll("button").First(b => b.TextContent.Contains("1 year")).Click();
        cut.WaitForAssertion(() => Assert.Equal("4", cut.Find("[data-testid=trade-count]").TextContent.Trim()));
        Assert.Contains("because t3", cut.Find("[data-testid=trades-grid]").TextContent);
    }

    [Fact]
    public void PendingApprovals_AndTheLastRun_AreCounted()
    {
        Approvals.Items.Add(Samples.Approval("a1", KisTrader.Core.Approvals.ApprovalStatus.Pending, Clock.GetUtcNow()));
        graphs.Runs.Add(FakeGraphStore.Run("r1", Clock.GetUtcNow().AddMinutes(-5), RunStatus.AwaitingApproval, "awaiting approval of 1 order(s)"));
        var cut = Render<Overview>();
        Assert.Equal("1", cut.Find("[data-testid=overview-pending]").TextContent.Trim());
        Assert.Equal("Review the queue", cut.Find("[data-testid=overview-approvals-link]").TextContent.Trim());
        Assert.Contains("awaiting approval", cut.Find("[data-testid=overview-last-run]").TextContent);
        Assert.Equal("/runs/r1", cut.Find("[data-testid=overview-last-run] a").GetAttribute("href"));
    }

    [Fact]
    public void ABrokerThatCannotBeRead_IsSaid_NotHidden()
    {
        account.Fail = new HttpRequestException("connection refused");
        var cut = Render<Overview>();
        Assert.Contains("connection refused", cut.Find("[data-testid=portfolio-error]").TextContent);
        Assert.Equal("…", cut.Find("[data-testid=portfolio-value]").TextContent.Trim());
    }

    [Fact]
    public void NoTradesInThePeriod_SaysSo()
    {
        trades.Trades.Clear();
        var cut = Render<Overview>();
        Assert.Equal("0", cut.Find("[data-testid=trade-count]").TextContent.Trim());
        Assert.Contains("No trades in this period.", cut.Find("[data-testid=trades-grid]").TextContent);
    }
}
