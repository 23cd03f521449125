using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>The Hangfire dashboard at /hangfire: an Admin reaches it from the System page, sees the recurring jobs,
/// triggers the operational graph from it and sees the run; a Viewer and an anonymous visitor are refused.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HangfireDashboardTests(BrowserFixture fx)
{
    [Fact]
    public async Task Admin_OpensTheDashboardFromTheSystemPage_SeesTheRecurringJobs_AndTriggersARun()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GotoAsync("/runs");
        await Expect(page.GetByTestId("runs")).ToBeVisibleAsync();
        var scheduledRuns = page.GetByTestId("run-row").Filter(new() { HasText = "schedule" });
        var before = await scheduledRuns.CountAsync();

        await page.GotoAsync("/system");
        // The link is a plain anchor to a page outside Blazor: click it once the circuit has taken the page over.
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("hangfire-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/hangfire/?$"), new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).First.ClickAsync();
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Recurring Jobs");
        var rows = page.Locator("tr.js-jobs-list-row");
        foreach (var id in new[] { "operational-0", "reflection-weekly", "pnl-followup-daily", "database-backup-daily", "daily-summary" })
            await Expect(rows.Filter(new() { HasText = id })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = "operational-0" })).ToContainTextAsync("Asia/Seoul");
        await BrowserFixture.ScreenshotAsync(page, "hangfire-recurring");

        // "Trigger now" on the operational job: Hangfire's POST, with our antiforgery token, as the Admin.
        await page.Locator("input.js-jobs-list-checkbox[value='operational-0']").CheckAsync();
        // Hangfire's script posts, then reloads the page when the post succeeded: leave only after that reload, or the
        // navigation below aborts it (and may abort the post itself).
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loaded) => reloaded.TrySetResult();
        page.Load += OnLoad;
        var trigger = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync(),
            r => r.Url.Contains("/hangfire/recurring/trigger", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.True(trigger.Ok, $"trigger answered {trigger.Status}");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(20));
        page.Load -= OnLoad;

        await page.GotoAsync("/runs");
        await Expect(page.GetByTestId("runs")).ToBeVisibleAsync();
        await Expect(scheduledRuns).Not.ToHaveCountAsync(before, new() { Timeout = 30_000 });
        lock (fx.ConsoleErrors)
            Assert.DoesNotContain(fx.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Viewer_AndAnonymous_AreRefusedTheDashboard()
    {
        var admin = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, AppProcess.AdminUser, AppProcess.AdminPassword);
        var created = await admin.Context.APIRequest.PostAsync("/api/admin/users", new()
        {
            DataObject = new { userName = "viewer-jobs", password = "Viewer-Password-8", role = "Viewer" },
            Headers = await BrowserFixture.AntiforgeryHeaderAsync(admin),
        });
        Assert.True(created.Ok, await created.TextAsync());

        // The viewer's refusals are 403s the browser reports in its console: not errors of the app.
        var viewer = await fx.NewPageAsync(watchConsole: false);
        await BrowserFixture.SignInAsync(viewer, "viewer-jobs", "Viewer-Password-8");
        await Expect(viewer.GetByTestId("status-user")).ToContainTextAsync("viewer-jobs (Viewer)");
        await viewer.GotoAsync("/system");
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "System" })).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("hangfire-link")).ToHaveCountAsync(0);
        var refused = await viewer.GotoAsync("/hangfire");
        Assert.Equal(403, refused!.Status);
        await Expect(viewer.GetByText("only an Admin may open the jobs dashboard")).ToBeVisibleAsync();
        var recurring = await viewer.GotoAsync("/hangfire/recurring");
        Assert.Equal(403, recurring!.Status);
        var trigger = await viewer.Context.APIRequest.PostAsync("/hangfire/recurring/trigger", new() { Form = FormOf("operational-0", viewer) });
        Assert.Equal(403, trigger.Status);

        var anonymous = await fx.NewPageAsync();
        await anonymous.GotoAsync("/hangfire");
        await Expect(anonymous).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Expect(anonymous.GetByTestId("login-user")).ToBeVisibleAsync();
    }

    private static IFormData FormOf(string job, IPage page)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Append("jobs[]", job);
        return form;
    }
}
