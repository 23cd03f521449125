using KisTrader.Web.Components.Layout;
using KisTrader.Web.Components.Pages;
using KisTrader.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Shared;

public sealed class SmallComponentsTests : ComponentTest
{
    [Fact]
    public void RedirectToLogin_SendsTheUserToSignIn_WithTheWayBack()
    {
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/trades?days=7");
        Render<RedirectToLogin>();
        Assert.EndsWith("/account/login?returnUrl=%2Ftrades%3Fdays%3D7", nav.Uri);
    }

    [Fact]
    public void ReconnectModal_HasTheThreeMessagesTheFrameworkScriptToggles()
    {
        var cut = Render<ReconnectModal>();
        var modal = cut.Find("#components-reconnect-modal");
        Assert.Single(modal.QuerySelectorAll(".kt-reconnect-show"));
        Assert.Single(modal.QuerySelectorAll(".kt-reconnect-failed"));
        Assert.Single(modal.QuerySelectorAll(".kt-reconnect-rejected"));
    }

    [Fact]
    public void ErrorPage_ShowsTheCorrelationIdOfTheLogLine_AndNothingElseAboutTheError()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { TraceIdentifier = "request-0001" };
        var id = KisTrader.Web.Hosting.Errors.Correlation.IdOf(http);
        var cut = Render<Error>(p => p.AddCascadingValue(http));
        Assert.Contains("Something went wrong", cut.Markup);
        Assert.Equal(id, cut.Find("[data-testid=correlation-id]").TextContent);
        // The failed request may have been an action: the user is told to check, not promised that nothing happened.
        Assert.Contains("check whether it took effect", cut.Markup);
    }

    [Fact]
    public void AuthLayout_ShowsThePageInsideTheSignInCard()
    {
        var cut = Render<AuthLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<form data-testid=\"login-form\"></form>")));
        var card = cut.Find(".kt-auth .kt-auth-card");
        Assert.Equal("KisTrader", card.QuerySelector(".kt-auth-title")!.TextContent);
        Assert.NotNull(card.QuerySelector("[data-testid=login-form]"));
    }
}
