using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Reflection;

/// <summary>
/// Its own app over a recorded week with one losing pattern: eight round trips in the last six days, the four BUYs
/// with rsi14 ≥ 70 all lost 5.7%, the four with rsi14 45 all won 5.7%. The trades are written with KisTrader.Data before
/// the app starts. No operational schedule, and Reflection:AutoAdopt=false, so a reflection leaves its rule Proposed.
/// </summary>
public sealed class ReflectionFixture : IAsyncLifetime
{
    public const string ViewerUser = "viewer-reflect";
    public const string ViewerPassword = "Viewer-Password-1";
    public const int SeededTrades = 16;
    private static readonly string[] Tickers = ["005930", "000660", "035420", "051910"];

    private IPlaywright? _playwright;
    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        var workDir = AppProcess.NewWorkDir();
        await SeedTradesAsync(Path.Combine(workDir, "data", "kistrader.db"));
        App = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Trading__ScheduleEnabled"] = "false",
            ["Reflection__AutoAdopt"] = "false",
        }, workDir);
        using var admin = await App.SignedInClientAsync();
        var created = await admin.PostAsync("/api/admin/users", JsonBody(new { userName = ViewerUser, password = ViewerPassword, role = "Viewer" }));
        Assert.True(created.IsSuccessStatusCode, $"creating the viewer: {created.StatusCode}");
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    private static StringContent JsonBody(object o) => new(JsonSerializer.Serialize(o), System.Text.Encoding.UTF8, "application/json");

    private static async Task SeedTradesAsync(string dbFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dbFile)!);
        var factory = new SqliteContextFactory($"Data Source={dbFile}");
        await new DatabaseInitializer(factory).InitializeAsync();
        var store = new EfTradeStore(factory);
        var start = DateTimeOffset.UtcNow.AddDays(-6);
        var n = 0;
        for (var i = 0; i < Tickers.Length; i++)
        {
            var ticker = Tickers[i];
            var t0 = start.AddHours(i * 3);
            // Overbought entry, sold lower: the pattern that loses.
            await store.InsertAsync(Trade(++n, ticker, TradeAction.Buy, t0, 70_000m, rsi: 75m, "Momentum: strong uptrend, RSI 75"));
            await store.InsertAsync(Trade(++n, ticker, TradeAction.Sell, t0.AddDays(1), 66_000m, rsi: 60m, "Stop loss after the pullback"));
            // Neutral entry, sold higher.
            await store.InsertAsync(Trade(++n, ticker, TradeAction.Buy, t0.AddDays(2), 70_000m, rsi: 45m, "Oversold bounce in an uptrend, RSI 45"));
            await store.InsertAsync(Trade(++n, ticker, TradeAction.Sell, t0.AddDays(3), 74_000m, rsi: 68m, "Take profit near resistance"));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static TradeRecord Trade(int n, string ticker, TradeAction action, DateTimeOffset at, decimal price, decimal rsi, string why)
    {
        var side = action == TradeAction.Buy ? "BUY" : "SELL";
        var features = string.Create(CultureInfo.InvariantCulture,
            $$"""{"side":"{{side}}","ticker":"{{ticker}}","confidence":0.7,"price":{{price}},"rsi14":{{rsi}},"trend":"up"}""");
        return new TradeRecord
        {
            TradeId = $"reflect-seed-{n:00}",
            Timestamp = at,
            Ticker = ticker,
            Action = action,
            Quantity = 10,
            Price = price,
            JustificationText = why,
            MarketSnapshot = $$"""{"features":{{features}}}""",
            PortfolioBefore = """{"cash":100000000}""",
        };
    }

    public async Task<IPage> SignedInAsync(string user = AppProcess.AdminUser, string password = AppProcess.AdminPassword)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, msg) => { if (msg.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(msg.Text); };
        page.PageError += (_, err) => { lock (ConsoleErrors) ConsoleErrors.Add(err); };
        await BrowserFixture.SignInAsync(page, user, password);
        await Expect(page.GetByTestId("status-user")).ToContainTextAsync(user);
        await BrowserFixture.WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Runs a reflection through the admin API; returns the report id and its Proposed rule's id.</summary>
    public async Task<(string ReportId, string RuleId)> ReflectAsync()
    {
        using var admin = await App.SignedInClientAsync();
        var r = await admin.PostAsync("/api/reflection/run", null);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"POST /api/reflection/run: {r.StatusCode} {body}");
        var reportId = JsonDocument.Parse(body).RootElement.GetProperty("reportId").GetString()!;
        using var report = JsonDocument.Parse(await admin.GetStringAsync($"/api/reflection/reports/{reportId}"));
        var rule = report.RootElement.GetProperty("rules").EnumerateArray().First(x => x.GetProperty("status").GetString() == "Proposed");
        return (reportId, rule.GetProperty("ruleId").GetString()!);
    }

    /// <summary>Adopts a rule through the admin API; returns the prompt version it wrote.</summary>
    public async Task<int> AdoptAsync(string ruleId)
    {
        using var admin = await App.SignedInClientAsync();
        var r = await admin.PostAsync($"/api/reflection/rules/{ruleId}/adopt", JsonBody(new { reason = "browser test precondition" }));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"adopt {ruleId}: {r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("promptVersion").GetInt32();
    }

    /// <summary>Every test leaves version 1 (no enforced rules) active, so the next reflection proposes the rule again.</summary>
    public async Task RollBackToVersion1Async()
    {
        using var admin = await App.SignedInClientAsync();
        var r = await admin.PostAsync("/api/prompts/versions/1/activate", JsonBody(new { reason = "browser test clean-up" }));
        Assert.True(r.IsSuccessStatusCode, $"activate v1: {r.StatusCode}");
    }

    public void AssertNoConsoleErrors()
    {
        lock (ConsoleErrors) Assert.Empty(ConsoleErrors);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReflectionCollection : ICollectionFixture<ReflectionFixture>
{
    public const string Name = "Reflection";
}
