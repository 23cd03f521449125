using System.Text.Json;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Trading;

/// <summary>
/// Its own app for the trading flows: no schedule (runs start only when a test asks), every order waits for approval,
/// and the LLM engine talks to <see cref="PlanChatServer"/> in this process, so every run proposes one known order.
/// </summary>
public sealed class TradingFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public PlanChatServer Llm { get; private set; } = default!;
    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    /// <summary>Browser console errors and uncaught page errors of every page.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        Llm = await PlanChatServer.StartAsync();
        App = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Trading__ScheduleEnabled"] = "false",
            ["Trading__ApprovalMode"] = "Required",
            // Wider than the default (2 ticks, 0.5%): the marketable-approval test moves the market 1.5% above the plan
            // after the proposal, and the seeded market drifts on its own by up to about 1.5% in the seconds before the
            // dialog prices the order. The bound's refusal is tested without a browser.
            ["Trading__MaxSlippageTicks"] = "60",
            ["Trading__MaxSlippagePercent"] = "5",
            ["Llm__Endpoint"] = Llm.Endpoint.ToString(),
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    /// <summary>How long a decision may take to show on the Approvals page. Approving sends the order within the admin's
    /// click (the risk check again on fresh prices, the send through the KIS pacing, the ledger's durable writes), and a
    /// rejection or a halt resumes the run to report; the page reads the decisions again once that work is done (and on the
    /// store's change event, which the same loaded machine delivers late). Playwright's 5 s default was shorter than that
    /// path on a loaded CI machine: the order had filled and the outcome was toasted, the row was not drawn yet.</summary>
    public static readonly LocatorAssertionsToHaveAttributeOptions DecisionShown = new() { Timeout = 20_000 };

    /// <summary>A new browser context (its own cookies), i.e. another person.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return await WatchAsync(await context.NewPageAsync());
    }

    /// <summary>Another tab of the same person (same context, same session cookie).</summary>
    public async Task<IPage> NewTabAsync(IPage page) => await WatchAsync(await page.Context.NewPageAsync());

    private Task<IPage> WatchAsync(IPage page)
    {
        page.Console += (_, msg) => { if (msg.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(msg.Text); };
        page.PageError += (_, err) => { lock (ConsoleErrors) ConsoleErrors.Add(err); };
        return Task.FromResult(page);
    }

    /// <summary>Signs in, waits for the live circuit and a connected market feed (a run on a stale feed decides nothing).</summary>
    public async Task<IPage> SignedInAsync(string user = AppProcess.AdminUser, string password = AppProcess.AdminPassword)
    {
        var page = await NewPageAsync();
        await BrowserFixture.SignInAsync(page, user, password);
        await Expect(page.GetByTestId("status-user")).ToContainTextAsync(user);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("status-feed")).ToContainTextAsync("connected", new() { IgnoreCase = true });
        return page;
    }

    /// <summary>Waits until the feed has priced <paramref name="ticker"/> (its watchlist row shows a price). Until its
    /// first tick a run prices it from one REST quote, and a run that gets none drops the plan's market order ("no
    /// current price"): these tests are about what happens to an order, so they start from a priced market.</summary>
    public async Task WaitForLivePriceAsync(IPage signedIn, string ticker) => await LivePriceAsync(signedIn, ticker);

    /// <summary>The feed's last price of <paramref name="ticker"/> as the Market page shows it (waits for the first tick).</summary>
    public async Task<decimal> LivePriceAsync(IPage signedIn, string ticker)
    {
        var market = await NewTabAsync(signedIn);
        await market.GotoAsync("/market");
        var price = market.Locator(WatchPrice(ticker));
        await Expect(price).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d,]*$"), new() { Timeout = 30_000 });
        var text = await price.TextContentAsync();
        await market.CloseAsync();
        return decimal.Parse(text!.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The Market page's last-price cell of <paramref name="ticker"/>'s watchlist row.</summary>
    private static string WatchPrice(string ticker) => $"[data-testid=watch-row][data-ticker='{ticker}'] [data-testid=watch-price]";

    /// <summary>Waits until the Market page (the app's own realtime feed) shows a last price of <paramref name="ticker"/>
    /// above <paramref name="price"/>: after a simulator shock, the app has then received it.</summary>
    public async Task WaitForLivePriceAboveAsync(IPage signedIn, string ticker, decimal price)
    {
        var market = await NewTabAsync(signedIn);
        try
        {
            await market.GotoAsync("/market");
            await market.WaitForFunctionAsync("""
                ([selector, price]) => {
                  const cell = document.querySelector(selector);
                  const value = cell ? Number(cell.textContent.replace(/,/g, "")) : NaN;
                  return value > price;
                }
                """, new object[] { WatchPrice(ticker), (double)price }, new() { Timeout = 30_000 });
        }
        finally
        {
            await market.CloseAsync();
        }
    }

    /// <summary>Starts a run through the admin API with <paramref name="admin"/>'s session; returns its id once it is
    /// parked with the plan's order waiting for approval.</summary>
    public async Task<string> StartRunAsync(IPage admin, string ticker)
    {
        await WaitForLivePriceAsync(admin, ticker);
        Llm.Ticker = ticker;
        // The tests of this collection share one app: a run an earlier test left may be resuming at this moment (a
        // decision, a kill switch, or the maintenance loop ending a run whose approval a newer proposal superseded), and a
        // run is skipped, never queued, while another runs. Ask again until this one runs.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string body, status;
        do
        {
            var response = await admin.Context.APIRequest.PostAsync("/api/runs", new() { Headers = await BrowserFixture.AntiforgeryHeaderAsync(admin) });
            body = await response.TextAsync();
            Assert.True(response.Ok, $"POST /api/runs: {response.Status} {body}");
            using var result = JsonDocument.Parse(body);
            status = result.RootElement.GetProperty("status").GetString()!;
            if (status == "Skipped") await admin.WaitForTimeoutAsync(250);
        }
        while (status == "Skipped" && DateTime.UtcNow < deadline);
        using var json = JsonDocument.Parse(body);
        var runId = json.RootElement.GetProperty("runId").GetString();
        Assert.True(runId is not null, $"no run started: {body}");
        if (status != "AwaitingApproval")
        {
            // Why it did not: the run's report says (stale data, a rejected plan, a dropped order).
            await admin.GotoAsync($"/runs/{runId}");
            var report = await admin.GetByTestId("run-report").InnerTextAsync(new() { Timeout = 10_000 });
            Assert.Fail($"the run should wait for approval: {body}\nits report:\n{report}");
        }
        return runId;
    }

    /// <summary>Puts trading back to Active if an earlier test left it otherwise (tests of this collection share the app).</summary>
    public async Task EnsureActiveAsync(IPage admin)
    {
        var state = await admin.Context.APIRequest.GetAsync("/api/trading/state");
        using var json = JsonDocument.Parse(await state.TextAsync());
        if (!IsActive(json.RootElement.GetProperty("mode")))
        {
            var resumed = await admin.Context.APIRequest.PostAsync("/api/trading/resume", new()
            {
                DataObject = new { reason = "test precondition" },
                Headers = await BrowserFixture.AntiforgeryHeaderAsync(admin),
            });
            Assert.True(resumed.Ok, $"resume: {resumed.Status}");
        }
    }

    /// <summary>The API writes enums as numbers (Active = 0); a string is accepted too.</summary>
    public static bool IsActive(JsonElement mode) =>
        mode.ValueKind == JsonValueKind.Number ? mode.GetInt32() == 0 : mode.GetString() == "Active";

    public void AssertNoConsoleErrors()
    {
        lock (ConsoleErrors) Assert.Empty(ConsoleErrors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (Llm is not null) await Llm.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TradingCollection : ICollectionFixture<TradingFixture>
{
    public const string Name = "Trading";
}
