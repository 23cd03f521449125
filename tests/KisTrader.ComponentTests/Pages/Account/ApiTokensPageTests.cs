using KisTrader.Web.Components.Pages.Account;
using KisTrader.Web.Identity;
using KisTrader.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Account;

public sealed class ApiTokensPageTests : ComponentTest
{
    private readonly FakeApiTokens tokens;

    public ApiTokensPageTests()
    {
        tokens = new FakeApiTokens(Clock);
        Services.AddSingleton<IApiTokens>(tokens);
    }

    [Fact]
    public void Create_ShowsTheTokenOnce_AndListsItByNameAndPrefix_NeverByItsText()
    {
        SignIn(Roles.Viewer);
        RenderProviders();
        var cut = Render<ApiTokensPage>();
        Assert.NotNull(cut.Find("[data-testid=no-tokens]"));

        cut.Find("input[data-testid=new-token-name]").Input("nightly export");
        cut.Find("[data-testid=create-token]").Click();

        var issued = Assert.Single(tokens.Issued);
        cut.WaitForAssertion(() => Assert.Equal(issued, cut.Find("[data-testid=token-text]").TextContent.Trim()));
        var row = cut.Find("[data-testid=token-row]");
        Assert.Equal("nightly export", row.GetAttribute("data-token-name"));
        Assert.Contains(issued[..KisTrader.Core.Security.ApiTokens.PrefixLength], row.TextContent);
        Assert.DoesNotContain(issued, row.TextContent);
        Assert.Contains("never", row.TextContent);
        Assert.Equal(ViewerName, tokens.Tokens.Single().UserId);
    }

    [Fact]
    public void ANameless_Token_IsRefusedWithTheReason()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<ApiTokensPage>();
        cut.Find("[data-testid=create-token]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Give the token a name", cut.Find("[data-testid=token-error]").TextContent));
        Assert.Empty(tokens.Tokens);
        Assert.Empty(cut.FindAll("[data-testid=token-text]"));
    }

    [Fact]
    public void Revoke_MarksTheTokenRevoked_AndHidesTheTokenText()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<ApiTokensPage>();
        cut.Find("input[data-testid=new-token-name]").Input("deploy script");
        cut.Find("[data-testid=create-token]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=token-text]")));

        cut.Find("[data-testid=revoke-token]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=token-revoked]")));
        Assert.Empty(cut.FindAll("[data-testid=revoke-token]"));
        Assert.Empty(cut.FindAll("[data-testid=token-text]"));
        Assert.False(tokens.Tokens.Single().IsActive);
    }
}
