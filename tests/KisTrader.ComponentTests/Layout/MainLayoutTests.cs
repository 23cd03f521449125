using KisTrader.Core.Approvals;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Layout;
using KisTrader.Web.Identity;
using Microsoft.AspNetCore.Components;

namespace KisTrader.ComponentTests.Layout;

public sealed class MainLayoutTests : ComponentTest
{
    public MainLayoutTests() => AddStatusServices();

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1 data-testid=\"page\">Page</h1>"))));

    [Fact]
    public void RendersTheAppBarDrawerAndPage_InTheUsersTheme()
    {
        Preferences.Dark[AdminName] = true;
        SignIn(Roles.Admin);
        var cut = RenderLayout();
        Assert.Equal("dark", cut.Find(".kt-layout").GetAttribute("data-theme"));
        Assert.Single(cut.FindAll(".mud-appbar [data-testid=status-strip]"));
        Assert.Single(cut.FindAll(".mud-drawer [data-testid=nav-overview]"));
        Assert.Equal("Page", cut.Find(".mud-main-content [data-testid=page]").TextContent);
    }

    [Fact]
    public void TheThemeSwitch_StoresTheChoiceForTheSignedInUser()
    {
        SignIn(Roles.Viewer);
        var cut = RenderLayout();
        Assert.Equal("light", cut.Find(".kt-layout").GetAttribute("data-theme"));
        cut.Find("[data-testid=theme-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("dark", cut.Find(".kt-layout").GetAttribute("data-theme")));
        Assert.True(Preferences.Dark[ViewerName]);
        cut.Find("[data-testid=theme-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("light", cut.Find(".kt-layout").GetAttribute("data-theme")));
        Assert.False(Preferences.Dark[ViewerName]);
    }

    [Fact]
    public void TheMenuButton_OpensAndClosesTheDrawer()
    {
        SignIn(Roles.Viewer);
        var cut = RenderLayout();
        // Without a browser MudBlazor assumes a small screen, where the responsive drawer starts closed.
        bool Open() => cut.Find(".mud-drawer").ClassList.Contains("mud-drawer--open");
        var before = Open();
        cut.Find("[data-testid=nav-toggle]").Click();
        Assert.NotEqual(before, Open());
        cut.Find("[data-testid=nav-toggle]").Click();
        Assert.Equal(before, Open());
    }

    [Fact]
    public void ANotificationOnTheBus_ShowsAsAToast()
    {
        SignIn(Roles.Viewer);
        var cut = RenderLayout();
        cut.WaitForAssertion(() => Assert.Equal(1, Bus.Subscribers<NotificationRaised>()));
        Bus.Publish(new NotificationRaised(new Notification(NotificationLevel.Warning, "Orders await approval", "run 1: 2 order(s)", Clock.GetUtcNow())));
        cut.WaitForAssertion(() => Assert.Contains("Orders await approval", cut.Find("[data-testid=toast]").TextContent));
        Assert.Contains("run 1: 2 order(s)", cut.Find("[data-testid=toast]").TextContent);
    }
}
