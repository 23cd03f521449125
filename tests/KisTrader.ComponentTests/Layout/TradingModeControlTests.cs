using KisTrader.Core.Events;
using KisTrader.Core.Risk;
using KisTrader.Web.Components.Layout;
using KisTrader.Web.Identity;

namespace KisTrader.ComponentTests.Layout;

public sealed class TradingModeControlTests : ComponentTest
{
    private IRenderedComponent<MudBlazor.MudDialogProvider> providers = default!;

    private IRenderedComponent<TradingModeControl> RenderControl(string role)
    {
        SignIn(role);
        providers = RenderProviders();
        return Render<TradingModeControl>();
    }

    private void AnswerDialog(string reason)
    {
        providers.WaitForElement("textarea[data-testid=reason-input]").Input(reason);
        providers.Find("[data-testid=reason-confirm]").Click();
    }

    [Fact]
    public void Viewer_SeesTheTradingState_ButNoControl()
    {
        var cut = RenderControl(Roles.Viewer);
        Assert.Equal("Active", cut.Find("[data-testid=trading-mode]").GetAttribute("data-mode"));
        Assert.Equal("Trading ACTIVE", cut.Find("[data-testid=trading-mode]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=kill-switch]"));
        Assert.Empty(cut.FindAll("[data-testid=reduce-trading]"));
        Assert.Empty(cut.FindAll("[data-testid=resume-trading]"));
    }

    [Fact]
    public void Admin_WhileActive_SeesEmergencyStopAndSellOnly()
    {
        var cut = RenderControl(Roles.Admin);
        Assert.Single(cut.FindAll("[data-testid=kill-switch]"));
        Assert.Single(cut.FindAll("[data-testid=reduce-trading]"));
        Assert.Empty(cut.FindAll("[data-testid=resume-trading]"));
    }

    [Fact]
    public void EmergencyStop_WithAReason_HaltsAsTheSignedInAdmin()
    {
        var cut = RenderControl(Roles.Admin);
        cut.Find("[data-testid=kill-switch]").Click();
        AnswerDialog("flash crash");

        cut.WaitForAssertion(() => Assert.Equal("Halted", cut.Find("[data-testid=trading-mode]").GetAttribute("data-mode")));
        Assert.Equal([(TradingMode.Halted, AdminName, "flash crash")], Control.Changes);
        Assert.Empty(cut.FindAll("[data-testid=kill-switch]"));
        Assert.Single(cut.FindAll("[data-testid=resume-trading]"));
    }

    [Fact]
    public void EmergencyStop_Cancelled_ChangesNothing()
    {
        var cut = RenderControl(Roles.Admin);
        cut.Find("[data-testid=kill-switch]").Click();
        providers.WaitForElement("[data-testid=reason-cancel]").Click();
        providers.WaitForAssertion(() => Assert.Empty(providers.FindAll("[data-testid=reason-input]")));
        Assert.Empty(Control.Changes);
        Assert.Equal("Active", cut.Find("[data-testid=trading-mode]").GetAttribute("data-mode"));
    }

    [Fact]
    public void SellOnly_AndResume_AskForAReasonEach()
    {
        var cut = RenderControl(Roles.Admin);
        cut.Find("[data-testid=reduce-trading]").Click();
        AnswerDialog("earnings week");
        cut.WaitForAssertion(() => Assert.Equal("Reducing", cut.Find("[data-testid=trading-mode]").GetAttribute("data-mode")));
        // While reducing, the stop stays and Resume replaces Sell only.
        Assert.Single(cut.FindAll("[data-testid=kill-switch]"));
        cut.Find("[data-testid=resume-trading]").Click();
        AnswerDialog("earnings out");
        cut.WaitForAssertion(() => Assert.Equal("Active", cut.Find("[data-testid=trading-mode]").GetAttribute("data-mode")));
        Assert.Equal([(TradingMode.Reducing, AdminName, "earnings week"), (TradingMode.Active, AdminName, "earnings out")], Control.Changes);
    }

    [Fact]
    public void AChangeMadeElsewhere_ArrivesOverTheBus()
    {
        var cut = RenderControl(Roles.Viewer);
        cut.WaitForAssertion(() => Assert.Equal(1, Bus.Subscribers<TradingModeChanged>()));
        Bus.Publish(new TradingModeChanged(new TradingModeState(TradingMode.Halted, "weekly loss limit", "system", Clock.GetUtcNow())));
        cut.WaitForAssertion(() => Assert.Equal("Trading HALTED", cut.Find("[data-testid=trading-mode]").TextContent.Trim()));
        Assert.Contains("weekly loss limit", cut.Find("[data-testid=trading-mode]").GetAttribute("title"));
    }

    [Fact]
    public void AFailedChange_ShowsAnErrorToast_AndKeepsTheState()
    {
        var cut = RenderControl(Roles.Admin);
        Control.Fail = new InvalidOperationException("broker unreachable");
        cut.Find("[data-testid=kill-switch]").Click();
        AnswerDialog("test");
        Snackbars.WaitForAssertion(() => Assert.Contains("broker unreachable", Snackbars.Find("[data-testid=toast]").TextContent));
        Assert.Contains("Emergency stop failed", Snackbars.Find("[data-testid=toast]").TextContent);
        Assert.Equal("Active", cut.Find("[data-testid=trading-mode]").GetAttribute("data-mode"));
    }
}
