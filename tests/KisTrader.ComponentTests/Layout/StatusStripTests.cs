using KisTrader.Web.Components.Layout;
using KisTrader.Web.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KisTrader.ComponentTests.Layout;

public sealed class StatusStripTests : ComponentTest
{
    public StatusStripTests() => AddStatusServices();

    [Fact]
    public void ShowsEnvironmentDatabaseEngineFeedClockAndUser()
    {
        SignIn(Roles.Viewer);
        var cut = Render<StatusStrip>();
        Assert.Equal("Simulator", cut.Find("[data-testid=status-environment]").TextContent.Trim());
        Assert.Equal("DB Sqlite: ok", cut.Find("[data-testid=status-database]").TextContent.Trim());
        Assert.Equal("Rules (no LLM configured)", cut.Find("[data-testid=status-engine]").TextContent.Trim());
        Assert.StartsWith("Feed ", cut.Find("[data-testid=status-feed]").TextContent.Trim());
        Assert.Equal("10:30:00 KST", cut.Find("[data-testid=status-clock]").TextContent.Trim());
        Assert.Equal($"{ViewerName} (Viewer)", cut.Find("[data-testid=status-user]").TextContent.Trim());
        Assert.Single(cut.FindAll("form[action='/account/logout'] [data-testid=sign-out]"));
    }

    [Fact]
    public void AnUnhealthyDatabase_IsShownAsSuch()
    {
        Health.Status = HealthStatus.Unhealthy;
        SignIn(Roles.Admin);
        var cut = Render<StatusStrip>();
        Assert.Equal("DB Sqlite: unhealthy", cut.Find("[data-testid=status-database]").TextContent.Trim());
        Assert.Contains("mud-chip-color-error", cut.Find("[data-testid=status-database]").ClassName);
    }

    [Fact]
    public void TheExpandButton_OpensAndClosesTheDetails()
    {
        SignIn(Roles.Admin);
        var cut = Render<StatusStrip>();
        var strip = cut.Find("[data-testid=status-strip]");
        Assert.Equal("false", strip.GetAttribute("data-expanded"));
        Assert.Equal("false", cut.Find("[data-testid=status-expand]").GetAttribute("aria-expanded"));
        cut.Find("[data-testid=status-expand]").Click();
        Assert.Equal("true", cut.Find("[data-testid=status-strip]").GetAttribute("data-expanded"));
        Assert.Contains("kt-status--open", cut.Find("[data-testid=status-strip]").ClassName);
        cut.Find("[data-testid=status-expand]").Click();
        Assert.Equal("false", cut.Find("[data-testid=status-strip]").GetAttribute("data-expanded"));
        // The emergency stop is never behind the expand button.
        Assert.Single(cut.FindAll(".kt-status-main [data-testid=kill-switch]"));
    }

    [Fact]
    public void TheThemeButton_AsksForTheOtherTheme()
    {
        SignIn(Roles.Viewer);
        bool? asked = null;
        var cut = Render<StatusStrip>(p => p.Add(s => s.DarkMode, false).Add(s => s.DarkModeChanged, (bool v) => asked = v));
        Assert.Equal("light", cut.Find("[data-testid=theme-toggle]").GetAttribute("data-theme"));
        cut.Find("[data-testid=theme-toggle]").Click();
        Assert.True(asked);
    }
}
