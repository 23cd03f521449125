using KisTrader.Core.Security;
using KisTrader.Web.Components.Shared;
using MudBlazor;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Shared;

public sealed class ReasonDialogTests : ComponentTest
{
    private Task<string?> Ask(out IRenderedComponent<MudDialogProvider> provider)
    {
        provider = RenderProviders();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var p = provider;
        return p.InvokeAsync(() => ReasonDialog.AskAsync(dialogs, "Emergency stop", "Stop all trading now.", "Stop trading", Color.Error));
    }

    [Fact]
    public void Opens_WithTheTitleAndMessage_AndConfirmDisabledUntilAReasonIsTyped()
    {
        _ = Ask(out var provider);
        provider.WaitForAssertion(() => Assert.Contains("Stop all trading now.", provider.Find("[data-testid=reason-message]").TextContent));
        Assert.Contains("Emergency stop", provider.Markup);
        Assert.True(provider.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));

        provider.Find("textarea[data-testid=reason-input]").Input("   ");
        Assert.True(provider.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));
        provider.Find("textarea[data-testid=reason-input]").Input("market halted");
        Assert.False(provider.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));
        Assert.Equal("Stop trading", provider.Find("[data-testid=reason-confirm]").TextContent.Trim());
    }

    [Fact]
    public void TheReason_IsLimitedToTheApisLength_AndHiddenCharactersKeepConfirmDisabled_WithTheReasonShown()
    {
        _ = Ask(out var provider);
        var input = provider.WaitForElement("textarea[data-testid=reason-input]");
        Assert.Equal(InputLimits.ReasonMaxLength.ToString(), input.GetAttribute("maxlength"));

        // A browser stops typing at maxlength; a paste through script or a crafted circuit message does not.
        input.Input(new string('r', InputLimits.ReasonMaxLength + 1));
        provider.WaitForAssertion(() => Assert.Contains($"at most {InputLimits.ReasonMaxLength} characters", provider.Markup));
        Assert.True(provider.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));

        provider.Find("textarea[data-testid=reason-input]").Input("stop\0now");
        provider.WaitForAssertion(() => Assert.Contains("must not contain control characters", provider.Markup));
        Assert.True(provider.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));

        provider.Find("textarea[data-testid=reason-input]").Input(new string('r', InputLimits.ReasonMaxLength));
        provider.WaitForAssertion(() => Assert.False(provider.Find("[data-testid=reason-confirm]").HasAttribute("disabled")));
    }

    [Fact]
    public async Task Confirm_ReturnsTheTrimmedReason_AndClosesTheDialog()
    {
        var answer = Ask(out var provider);
        provider.WaitForElement("textarea[data-testid=reason-input]").Input("  circuit breaker  ");
        provider.Find("[data-testid=reason-confirm]").Click();
        Assert.Equal("circuit breaker", await answer.WaitAsync(TimeSpan.FromSeconds(5)));
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=reason-input]")));
    }

    [Fact]
    public async Task Cancel_ReturnsNull()
    {
        var answer = Ask(out var provider);
        provider.WaitForElement("textarea[data-testid=reason-input]").Input("not sure");
        provider.Find("[data-testid=reason-cancel]").Click();
        Assert.Null(await answer.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
