using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Connection;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Connection;

public sealed class BrokerAccountViewTests : ComponentTest
{
    private readonly FakeAccount account = new();

    public BrokerAccountViewTests()
    {
        Services.AddSingleton<IAccountReader>(account);
        SignIn(Roles.Viewer);
    }

    [Fact]
    public void ShowsCashHoldingsAndWhereTheFiguresComeFrom()
    {
        var cut = Render<BrokerAccountView>();
        Assert.Equal("100,000,000 / 99,000,000 KRW", cut.Find("[data-testid=account-cash]").TextContent.Trim());
        Assert.Contains("today's order list", cut.Find("[data-testid=account-open-orders]").TextContent);
        Assert.Contains("computed from our fills", cut.Find("[data-testid=account-profit]").TextContent);
    }

    [Fact]
    public void WhileTheBrokerAnswers_ItSaysLoading_AndRefreshIsOff()
    {
        account.Gate = new TaskCompletionSource();
        var cut = Render<BrokerAccountView>();
        Assert.Contains("Loading…", cut.Markup);
        Assert.True(cut.Find("[data-testid=account-refresh]").HasAttribute("disabled"));
        account.Gate.SetResult();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=account-cash]")));
        Assert.False(cut.Find("[data-testid=account-refresh]").HasAttribute("disabled"));
    }

    [Fact]
    public void ABrokerError_IsShown_AndRefreshReadsAgain()
    {
        account.Fail = new HttpRequestException("EGW00201 too many requests");
        var cut = Render<BrokerAccountView>();
        Assert.Contains("EGW00201", cut.Find("[data-testid=account-error]").TextContent);
        account.Fail = null;
        cut.Find("[data-testid=account-refresh]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=account-error]")));
        Assert.Equal(2, account.Reads);
        Assert.Single(cut.FindAll("[data-testid=account-cash]"));
    }
}
