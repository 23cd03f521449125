using KisTrader.Core.Security;
using KisTrader.Web.Components.Pages.Account;
using KisTrader.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Account;

/// <summary>The sign-in and password pages render statically: plain forms posting to the account endpoints.</summary>
public sealed class AccountPagesTests : ComponentTest
{
    private void Navigate(string uri) => Services.GetRequiredService<NavigationManager>().NavigateTo(uri);

    [Fact]
    public void Login_IsAPlainFormPostingToTheEndpoint_WithAnAntiforgeryToken()
    {
        Navigate("/account/login?returnUrl=%2Ftrades");
        var cut = Render<Login>();
        var form = cut.Find("form[data-testid=login-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/login", form.GetAttribute("action"));
        Assert.Equal("/trades", cut.Find("input[name=returnUrl]").GetAttribute("value"));
        Assert.Single(cut.FindAll("input[data-testid=login-user]"));
        Assert.Equal("password", cut.Find("input[data-testid=login-password]").GetAttribute("type"));
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Theory]
    [InlineData("missing", "Enter a user name and a password.")]
    [InlineData("invalid", "The user name or password is wrong, or the account is locked")]
    [InlineData("locked", "The user name or password is wrong, or the account is locked")]
    [InlineData("bad", "The user name or password is wrong, or the account is locked")]
    public void Login_NamesWhatWentWrong(string error, string expected)
    {
        Navigate($"/account/login?error={error}");
        var cut = Render<Login>();
        Assert.Contains(expected, cut.Find("[data-testid=login-error]").TextContent);
    }

    [Fact]
    public void TheAccountForms_LimitTheirFields_ToWhatTheEndpointsAccept()
    {
        Navigate("/account/login");
        var login = Render<Login>();
        Assert.Equal(InputLimits.UserNameMaxLength.ToString(), login.Find("input[data-testid=login-user]").GetAttribute("maxlength"));
        Assert.Equal(InputLimits.PasswordMaxLength.ToString(), login.Find("input[data-testid=login-password]").GetAttribute("maxlength"));

        SignIn(Roles.Viewer);
        Navigate("/account/password");
        var password = Render<ChangePassword>();
        Assert.All(password.FindAll("input[type=password]"), i => Assert.Equal(InputLimits.PasswordMaxLength.ToString(), i.GetAttribute("maxlength")));
    }

    [Fact]
    public void Login_NeverSendsTheUserToAnotherSite_NorToAPathWithAControlCharacter()
    {
        Navigate("/account/login?returnUrl=%2F%09%2Fevil.example");
        var cut = Render<Login>();
        Assert.Equal("/", cut.Find("input[name=returnUrl]").GetAttribute("value"));
    }

    [Fact]
    public void Login_NeverSendsTheUserToAnotherSite()
    {
        Navigate("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F");
        var cut = Render<Login>();
        Assert.DoesNotContain("evil", cut.Find("input[name=returnUrl]").GetAttribute("value") ?? "");
    }

    [Fact]
    public void ChangePassword_ShowsWhoIsSignedIn_AndTheOutcome()
    {
        SignIn(Roles.Viewer);
        Navigate("/account/password?changed=1");
        var cut = Render<ChangePassword>();
        Assert.Contains(ViewerName, cut.Markup);
        Assert.Equal("Your password was changed.", cut.Find("[data-testid=password-changed]").TextContent.Trim());
        Assert.Equal("/account/password", cut.Find("form").GetAttribute("action"));
        Assert.Equal(3, cut.FindAll("input[type=password]").Count);
    }

    [Fact]
    public void ChangePassword_ShowsTheError()
    {
        SignIn(Roles.Viewer);
        Navigate("/account/password?error=Incorrect%20password.");
        var cut = Render<ChangePassword>();
        Assert.Equal("Incorrect password.", cut.Find("[data-testid=password-error]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=password-changed]"));
    }

    [Fact]
    public void AccessDenied_SaysWhy()
    {
        SignIn(Roles.Viewer);
        var cut = Render<AccessDenied>();
        Assert.Contains("Your role may not open that page", cut.Find("[data-testid=access-denied]").TextContent);
    }
}
