using KisTrader.Core.Security;
using KisTrader.Web.Components.Pages.Admin;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Admin;

public sealed class UsersPageTests : ComponentTest
{
    private readonly FakeUserAdmin admin = new();

    public UsersPageTests()
    {
        Services.AddSingleton<IUserAdmin>(admin);
        admin.Users.Add(new UserSummary("1", "alice", Roles.Admin, false, null));
        admin.Users.Add(new UserSummary("2", "bob", Roles.Viewer, true, Clock.GetUtcNow().AddMinutes(10)));
    }

    [Fact]
    public void ListsUsers_WithRoleAndLockState()
    {
        SignIn(Roles.Admin);
        var cut = Render<Users>();
        Assert.Equal(2, cut.FindAll("[data-testid=user-row]").Count);
        Assert.Contains("Locked", cut.Find("[data-testid=user-row][data-user=bob]").TextContent);
        Assert.Contains("Active", cut.Find("[data-testid=user-row][data-user=alice]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=unlock-user]"));
    }

    [Fact]
    public void AddUser_CreatesAViewerByDefault_AndShowsTheMessage()
    {
        SignIn(Roles.Admin);
        var cut = Render<Users>();
        cut.Find("input[data-testid=new-user-name]").Change("carol");
        cut.Find("input[data-testid=new-user-password]").Change("Carol-Password-1");
        cut.Find("[data-testid=add-user]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Created Viewer 'carol'", cut.Find("[data-testid=user-admin-message]").TextContent));
        Assert.Equal([(AdminName, "carol", Roles.Viewer)], admin.Created);
        Assert.Single(cut.FindAll("[data-testid=user-row][data-user=carol]"));
        // The form is cleared for the next user.
        Assert.Equal("", cut.Find("input[data-testid=new-user-name]").GetAttribute("value") ?? "");
    }

    [Fact]
    public void ARefusedCreation_ShowsTheReason()
    {
        SignIn(Roles.Admin);
        admin.FailWith = "Passwords must have at least one digit.";
        var cut = Render<Users>();
        cut.Find("input[data-testid=new-user-name]").Change("dave");
        cut.Find("[data-testid=add-user]").Click();
        cut.WaitForAssertion(() => Assert.Contains("at least one digit", cut.Find("[data-testid=user-admin-message]").TextContent));
        Assert.Contains("mud-alert-text-error", cut.Find("[data-testid=user-admin-message]").ClassName);
        Assert.Empty(admin.Created);
    }

    [Fact]
    public void TheNewUsersFields_HaveTheApisLimits_AndAControlCharacterIsShownAndCannotBeSent()
    {
        SignIn(Roles.Admin);
        var cut = Render<Users>();
        Assert.Equal(InputLimits.UserNameMaxLength.ToString(), cut.Find("input[data-testid=new-user-name]").GetAttribute("maxlength"));
        Assert.Equal(InputLimits.PasswordMaxLength.ToString(), cut.Find("input[data-testid=new-user-password]").GetAttribute("maxlength"));

        cut.Find("input[data-testid=new-user-name]").Change("bad\tname");
        cut.Find("input[data-testid=new-user-password]").Change("Good-Password-1");
        cut.WaitForAssertion(() => Assert.Contains("must not contain control characters", cut.Markup));
        Assert.True(cut.Find("[data-testid=add-user]").HasAttribute("disabled"));

        cut.Find("input[data-testid=new-user-name]").Change("carol");
        cut.Find("input[data-testid=new-user-password]").Change(new string('p', InputLimits.PasswordMaxLength + 1));
        cut.WaitForAssertion(() => Assert.Contains($"at most {InputLimits.PasswordMaxLength} characters", cut.Markup));
        Assert.True(cut.Find("[data-testid=add-user]").HasAttribute("disabled"));
        Assert.Empty(admin.Created);
    }

    [Fact]
    public void Unlock_UnlocksThatUser()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<Users>();
        cut.Find("[data-testid=unlock-user]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=unlock-user]")));
        Assert.Equal(["bob"], admin.Unlocked);
        Snackbars.WaitForAssertion(() => Assert.Contains("Unlocked 'bob'", Snackbars.Markup));
    }
}
