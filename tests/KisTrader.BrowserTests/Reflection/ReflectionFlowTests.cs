using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Reflection;

/// <summary>The reflection graph from the dashboard: reflect, read the report, adopt the proposed rule, diff the prompt
/// version it wrote against version 1, and roll back. Each test leaves version 1 active.</summary>
[Collection(ReflectionCollection.Name)]
public sealed partial class ReflectionFlowTests(ReflectionFixture fx)
{
    [Fact]
    public async Task Admin_ReflectsNow_SeesTheMetricsAndTheProposedRule_AndAdoptsItWithAReason()
    {
        var page = await fx.SignedInAsync();
        try
        {
            await page.GetByTestId("nav-reflection").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reflection", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("next-reflection")).ToContainTextAsync("KST");
            await page.GetByTestId("reflect-now").ClickAsync();
            await Expect(page).ToHaveURLAsync(ReportUrl(), new() { Timeout = 60_000 });

            await Expect(page.GetByTestId("report-status")).ToHaveTextAsync("Completed");
            await Expect(page.GetByTestId("metric-trades")).ToHaveTextAsync(ReflectionFixture.SeededTrades.ToString());
            await Expect(page.GetByTestId("metric-round-trips")).ToHaveTextAsync("8");
            await Expect(page.GetByTestId("metric-win-rate")).ToHaveTextAsync("50.0%");
            await Expect(page.GetByTestId("round-trip")).ToHaveCountAsync(8);
            await Expect(page.GetByTestId("round-trip-chart")).ToBeVisibleAsync();
            // Plotly draws one bar per round trip, as SVG.
            await Expect(page.GetByTestId("round-trip-chart")).ToHaveAttributeAsync("data-bars", "8");
            await Expect(page.GetByTestId("round-trip-chart").Locator("svg.main-svg .barlayer .point")).ToHaveCountAsync(8);
            await Expect(page.GetByTestId("insight").First).ToContainTextAsync("rsi14");
            await Expect(page.GetByTestId("broker-check")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("worst-trades")).ToContainTextAsync("Momentum: strong uptrend");

            var rule = page.Locator("[data-testid=rule][data-status=Proposed]").Filter(new() { HasText = "rsi14" }).First;
            await Expect(rule).ToBeVisibleAsync();
            await Expect(rule.GetByTestId("rule-condition")).ToContainTextAsync("side == \"BUY\"");
            await Expect(rule.GetByTestId("rule-condition")).ToContainTextAsync("rsi14 >= 70");
            await Expect(rule.GetByTestId("rule-shadow")).ToContainTextAsync("4 losers");
            await Expect(rule.GetByTestId("rule-net-effect")).ToHaveTextAsync(new Regex(@"^\+[\d,]+ KRW$"));
            // Beside the replay: the look-back's backtest, or why there is none (this app has collected no history).
            await Expect(rule.GetByTestId("rule-backtest")).ToHaveTextAsync(new Regex(@"not backtested: no history for|Net effect"));
            var ruleId = await rule.GetAttributeAsync("data-rule");
            await BrowserFixture.ScreenshotAsync(page, "reflection-report-proposed");

            await rule.GetByTestId("adopt-rule").ClickAsync();
            await Expect(page.GetByTestId("reason-dialog")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("reason-confirm")).ToBeDisabledAsync();
            await page.GetByTestId("reason-input").FillAsync("Browser test: overbought entries lost every time");
            await page.GetByTestId("reason-confirm").ClickAsync();

            var adopted = page.Locator($"[data-testid=rule][data-rule='{ruleId}']");
            await Expect(adopted).ToHaveAttributeAsync("data-status", "Adopted");
            await Expect(adopted.GetByTestId("rule-decision")).ToContainTextAsync(AppProcess.AdminUser);
            await Expect(adopted.GetByTestId("rule-decision")).ToContainTextAsync("overbought entries lost every time");
            await Expect(adopted.GetByTestId("adopt-rule")).ToHaveCountAsync(0);
            // Enforced by the active version now, so an admin may retire it.
            await Expect(adopted.GetByTestId("retire-rule")).ToBeVisibleAsync();
            await adopted.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotAsync(page, "reflection-report-adopted");

            // The list shows the report with its rule adopted.
            await page.GetByTestId("all-reports").ClickAsync();
            await Expect(page.GetByTestId("report-row").First).ToContainTextAsync("Completed");
            await BrowserFixture.ScreenshotAsync(page, "reflection-list");
            fx.AssertNoConsoleErrors();
        }
        finally
        {
            await fx.RollBackToVersion1Async();
        }
    }

    [Fact]
    public async Task Admin_DiffsTheAdoptedVersionAgainstVersion1_SeesTheRuleLineAdded_AndRollsBackToVersion1()
    {
        var (_, ruleId) = await fx.ReflectAsync();
        var version = await fx.AdoptAsync(ruleId);
        var page = await fx.SignedInAsync();
        try
        {
            await page.GetByTestId("nav-prompts").ClickAsync();
            await Expect(page.Locator($"[data-testid=version-row][data-version='{version}']")).ToHaveAttributeAsync("data-active", "true");
            await page.GetByTestId("diff-left").SelectOptionAsync("1");
            await page.GetByTestId("diff-right").SelectOptionAsync(version.ToString());
            var diff = page.GetByTestId("diff");
            await Expect(diff).ToHaveAttributeAsync("data-left", "1");
            await Expect(diff).ToHaveAttributeAsync("data-right", version.ToString());
            var added = diff.GetByTestId("diff-added").Filter(new() { HasText = "rsi14 >= 70" });
            await Expect(added.First).ToBeVisibleAsync();
            await Expect(added.First).ToHaveClassAsync(new Regex("kt-diff-added"));
            await Expect(page.GetByTestId("version-text")).ToContainTextAsync("rsi14 >= 70");
            await added.First.ScrollIntoViewIfNeededAsync();
            await BrowserFixture.ScreenshotAsync(page, "prompts-diff");

            var v1 = page.Locator("[data-testid=version-row][data-version='1']");
            await v1.GetByTestId("activate-version").ClickAsync();
            await Expect(page.GetByTestId("reason-dialog")).ToContainTextAsync("v1");
            await page.GetByTestId("reason-input").FillAsync("Browser test: roll back to the baseline");
            await page.GetByTestId("reason-confirm").ClickAsync();
            await Expect(v1).ToHaveAttributeAsync("data-active", "true");
            await Expect(v1.GetByTestId("active-badge")).ToBeVisibleAsync();
            await Expect(page.Locator($"[data-testid=version-row][data-version='{version}']")).ToHaveAttributeAsync("data-active", "false");
            await Expect(page.GetByTestId("active-version")).ToContainTextAsync("Active: v1, 0 rule(s)");
            await BrowserFixture.ScreenshotAsync(page, "prompts-rolled-back");
            fx.AssertNoConsoleErrors();
        }
        finally
        {
            await fx.RollBackToVersion1Async();
        }
    }

    [Fact]
    public async Task Viewer_ReadsTheReportAndTheDiff_ButSeesNoActions_AndTheApiRefusesThem()
    {
        var (reportId, ruleId) = await fx.ReflectAsync();
        // A second Proposed rule stays on this report while the first is adopted: a version that is not active exists.
        var (otherReport, proposedId) = await fx.ReflectAsync();
        var version = await fx.AdoptAsync(ruleId);
        try
        {
            var page = await fx.SignedInAsync(ReflectionFixture.ViewerUser, ReflectionFixture.ViewerPassword);
            await page.GetByTestId("nav-reflection").ClickAsync();
            await Expect(page.GetByTestId("report-row").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("reflect-now")).ToHaveCountAsync(0);

            await page.GotoAsync($"/reflection/{otherReport}");
            await BrowserFixture.WaitForCircuitAsync(page);
            await Expect(page.GetByTestId("metric-trades")).ToHaveTextAsync(ReflectionFixture.SeededTrades.ToString());
            var proposed = page.Locator($"[data-testid=rule][data-rule='{proposedId}']");
            await Expect(proposed).ToHaveAttributeAsync("data-status", "Proposed");
            await Expect(proposed.GetByTestId("viewer-note")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("adopt-rule")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("reject-rule")).ToHaveCountAsync(0);
            await BrowserFixture.ScreenshotAsync(page, "reflection-report-viewer");

            await page.GetByTestId("nav-prompts").ClickAsync();
            await Expect(page.Locator($"[data-testid=version-row][data-version='{version}']")).ToHaveAttributeAsync("data-active", "true");
            await Expect(page.GetByTestId("diff").GetByTestId("diff-added").Filter(new() { HasText = "rsi14 >= 70" }).First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("activate-version")).ToHaveCountAsync(0);

            foreach (var path in new[]
                     {
                         "/api/reflection/run", $"/api/reflection/rules/{proposedId}/adopt", $"/api/reflection/rules/{proposedId}/reject",
                         "/api/prompts/versions/1/activate",
                     })
            {
                var r = await page.Context.APIRequest.PostAsync(path, new() { DataObject = new { reason = "a viewer tries" } });
                Assert.True(r.Status == 403, $"POST {path}: {r.Status}");
            }
            Assert.True((await page.Context.APIRequest.GetAsync($"/api/reflection/reports/{reportId}")).Ok);
            fx.AssertNoConsoleErrors();
        }
        finally
        {
            await fx.RollBackToVersion1Async();
        }
    }

    [GeneratedRegex(@"/reflection/([A-Za-z0-9-]+)$")]
    private static partial Regex ReportUrl();
}
