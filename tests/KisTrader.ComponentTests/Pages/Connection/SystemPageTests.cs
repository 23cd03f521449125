using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Kis;
using KisTrader.Kis.Auth;
using KisTrader.Web.Broker;
using KisTrader.Web.Components.Pages.Connection;
using KisTrader.Web.Hosting;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Connection;

public sealed class SystemPageTests : ComponentTest
{
    private readonly FeedHistory history = new();

    public SystemPageTests()
    {
        var settings = AppSettings.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(new KisStatus { Environment = KisEnvironmentKind.Simulator, RestBaseUrl = new Uri("http://127.0.0.1:5001") });
        Services.AddSingleton(history);
        Services.AddSingleton<IAccountReader>(new FakeAccount());
        Services.AddSingleton<KisTrader.Core.Ports.IAuditLog>(new FakeAuditLog());
        Services.AddSingleton(settings);
        Services.AddSingleton<IConfigurationVersionStore>(new FakeConfigurationVersionStore());
        Services.AddSingleton<SecretRedactor>();
        Services.AddSingleton<KisTrader.Web.ConfigHistory.ConfigHistoryService>();
        // Not started: no built-in simulator, so the fault panel stays away.
        Services.AddSingleton(UnstartedBroker.Create(settings, Bus, Clock));
    }

    [Fact]
    public void ShowsTheBrokerConnection_TheFeed_AndItsRecentStates()
    {
        SignIn(Roles.Admin);
        history.Add(new FeedStateChanged(FeedState.Connected, "subscribed", Clock.GetUtcNow()));
        history.Add(new FeedStateChanged(FeedState.Reconnecting, "socket closed", Clock.GetUtcNow().AddSeconds(5)));
        var cut = Render<SystemPage>();
        Assert.Equal("Simulator", cut.Find("[data-testid=sys-environment]").TextContent.Trim());
        Assert.Equal("no token yet", cut.Find("[data-testid=sys-token-expiry]").TextContent.Trim());
        Assert.Equal("disconnected", cut.Find("[data-testid=feed-state]").TextContent.Trim());
        Assert.Equal(["Reconnecting", "Connected"], cut.FindAll("[data-testid=feed-history] li").Select(li => li.GetAttribute("data-state")));
        Assert.Single(cut.FindAll("[data-testid=broker-account]"));
        Assert.Empty(cut.FindAll("[data-testid=simulator-panel]"));
    }

    [Fact]
    public void AnAdmin_SeesTheLinkToTheHangfireDashboard()
    {
        SignIn(Roles.Admin);
        var cut = Render<SystemPage>();
        var link = cut.Find("[data-testid=hangfire-link]");
        Assert.Equal("/hangfire", link.GetAttribute("href"));
        // Not a Blazor route: the browser must load it whole.
        Assert.Equal("_top", link.GetAttribute("target"));
    }

    [Fact]
    public void AViewer_DoesNotSeeTheHangfireLink()
    {
        SignIn(Roles.Viewer);
        var cut = Render<SystemPage>();
        Assert.Empty(cut.FindAll("[data-testid=hangfire-link]"));
        Assert.Single(cut.FindAll("[data-testid=feed-history]"));
    }

    [Fact]
    public void ShowsTheConfigurationHistoryPanel()
    {
        SignIn(Roles.Viewer);
        var cut = Render<SystemPage>();
        Assert.Single(cut.FindAll("[data-testid=config-history]"));
    }
}
