using System.Globalization;
using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>Issue 17's Models page end to end on the built-in simulator (its own app, a fresh database): history is
/// collected through the Data page, the admin trains a logistic regression on the last year from the Models page, the
/// page sees the training's steps pushed live, and the new version shows its out-of-sample metrics, its confusion matrix
/// and its Plotly charts (PR curve, feature importance, calibration) drawn; promoting it asks for a reason and shows the
/// rule's answer.</summary>
public sealed class ModelsPageTests(ModelsFixture fx) : IClassFixture<ModelsFixture>
{
    [Fact]
    public async Task Training_a_small_model_from_the_page_shows_its_progress_then_its_metrics_and_charts()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);

        // History first: Collect now on the Data page (the simulator's years of daily bars for the watchlist).
        await page.GetByTestId("nav-data").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Data", Exact = true })).ToBeVisibleAsync();
        await page.GetByTestId("collect-now").ClickAsync();
        await Expect(page.GetByTestId("last-collection-summary")).ToContainTextAsync("from simulator", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("collect-progress")).ToHaveCountAsync(0, new() { Timeout = 180_000 });

        await page.GetByTestId("nav-models").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Models", Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("models-none")).ToBeVisibleAsync();

        // A bad date is refused on the page, naming the field; nothing starts.
        var from = page.GetByTestId("train-from");
        await from.FillAsync("2025-02-30");
        await from.BlurAsync();
        await page.GetByTestId("train-start").ClickAsync();
        await Expect(page.GetByTestId("train-error")).ToContainTextAsync("From: a date");
        await Expect(page.GetByTestId("train-progress")).ToHaveCountAsync(0);

        // One fast trainer on a small window: logistic regression over the last year.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        await page.GetByTestId("train-models").SelectOptionAsync("lr");
        await from.FillAsync(today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await from.BlurAsync();
        await page.GetByTestId("train-start").ClickAsync();
        await Expect(page.GetByTestId("train-error")).ToHaveCountAsync(0);

        // The run ends on the page with how many steps it saw pushed (never polled), and the version it registered.
        var last = page.GetByTestId("train-last");
        await Expect(last).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 300_000 });
        var moves = int.Parse(await last.GetAttributeAsync("data-moves") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(moves >= 3, $"the page saw {moves} training step(s) pushed");
        await Expect(page.GetByTestId("train-registered")).ToContainTextAsync("v1");

        var row = page.Locator("[data-testid=model-row][data-version='1']");
        await Expect(row).ToContainTextAsync("lr");
        await Expect(row.GetByTestId("model-f1")).ToHaveTextAsync(new Regex("^[01]\\.[0-9]{3}$"));
        await Expect(row.GetByTestId("model-status")).ToHaveTextAsync(new Regex("^(candidate|active)$"));

        var detail = page.GetByTestId("model-detail");
        await Expect(detail).ToHaveAttributeAsync("data-version", "1");
        await Expect(detail.Locator("[data-testid=model-metrics] [data-metric=f1] td").Nth(1)).ToHaveTextAsync(new Regex("^[01]\\.[0-9]{3}$"));
        await Expect(detail.GetByTestId("class-row")).ToHaveCountAsync(2);
        await Expect(detail.GetByTestId("confusion-cell")).ToHaveCountAsync(4);
        foreach (var chart in new[] { "pr-chart", "importance-chart", "calibration-chart" })
        {
            var box = page.GetByTestId(chart);
            await Expect(box).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = 30_000 });
            await Expect(box.Locator("svg.main-svg").First).ToBeVisibleAsync();
        }
        // The PR curve with its no-skill line and the operating point; bars for the features.
        await Expect(page.GetByTestId("pr-chart").Locator("g.trace.scatter")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("importance-chart").Locator("g.trace.bars path")).Not.ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "models");

        // Promote asks for a reason (confirm stays disabled without one), then the rule decides: the version is active,
        // or it stays a candidate and the page lists why.
        if (await row.GetByTestId("promote-version").CountAsync() == 1)
        {
            await row.GetByTestId("promote-version").ClickAsync();
            var confirm = page.GetByTestId("reason-confirm");
            await Expect(confirm).ToBeDisabledAsync();
            await page.GetByTestId("reason-input").FillAsync("browser test: first model");
            await confirm.ClickAsync();
            await Expect(page.Locator("[data-testid=promotion-refused], [data-testid=model-row][data-version='1'][data-status='active']").First).ToBeVisibleAsync();
            if (await page.GetByTestId("promotion-refused").CountAsync() == 1)
            {
                await Expect(page.GetByTestId("refusal-reason")).Not.ToHaveCountAsync(0);
                await Expect(row).ToHaveAttributeAsync("data-status", "candidate");
            }
            await BrowserFixture.ScreenshotAsync(page, "models-promote");
        }
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }
}
