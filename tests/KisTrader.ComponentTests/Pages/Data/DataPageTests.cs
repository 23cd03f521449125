using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.InMemory;
using KisTrader.Web.Components.Pages.Data;
using KisTrader.Web.History;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace KisTrader.ComponentTests.Pages.Data;

public sealed class DataPageTests : ComponentTest
{
    private readonly InMemoryMarketHistory _history = new();
    private readonly FakeMarketData _market = new();
    private readonly FakeAuditLog _audit = new();

    public DataPageTests()
    {
        var history = new HistoryOptions { Indexes = false, MinuteBars = false };
        Services.AddSingleton<IMarketHistory>(_history);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton(MsOptions.Create(history));
        Services.AddSingleton(new DataQualityService(_history, KrxCalendar.WeekendsOnly, Clock));
        Services.AddSingleton(new HistoryCollection(_market, new FakeAccount(), _history, MsOptions.Create(history),
            MsOptions.Create(new TradingOptions { Watchlist = ["005930"] }), MsOptions.Create(new KisOptions()), Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<HistoryCollection>.Instance));
    }

    [Fact]
    public void A_viewer_sees_the_empty_store_but_no_collect_button()
    {
        SignIn(Roles.Viewer);

        var cut = Render<DataPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=coverage-empty]")));
        Assert.Empty(cut.FindAll("[data-testid=collect-now]"));
    }

    [Fact]
    public void Collect_now_collects_the_watchlist_then_shows_its_rows_and_the_summary_and_is_audited()
    {
        // Yesterday and the day before (the clock is Monday 10:30 KST: today's bar is not final yet).
        _market.Bars["005930"] =
        [
            new Bar(new DateTimeOffset(2026, 12, 3, 0, 0, 0, KoreaTime.Offset), 70_000, 71_000, 69_500, 70_500, 1000, 70_500_000),
            new Bar(new DateTimeOffset(2026, 12, 4, 0, 0, 0, KoreaTime.Offset), 70_500, 71_500, 70_000, 71_000, 1200, 85_200_000),
        ];
        SignIn(Roles.Admin);
        var cut = Render<DataPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=coverage-empty]")));

        cut.Find("[data-testid=collect-now]").Click();

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=coverage-row][data-ticker='005930']").GetAttribute("data-bars")),
            TimeSpan.FromSeconds(10));
        Assert.Contains("1 tickers, 2 daily and 0 minute bars, 0 failed", cut.Find("[data-testid=last-collection-summary]").TextContent);
        Assert.Contains("simulator", cut.Find("[data-testid=coverage-row][data-ticker='005930']").TextContent);
        Assert.Equal("history.collect", Assert.Single(_audit.Entries).Action);
    }

    [Fact]
    public async Task After_a_restart_the_last_recorded_collection_is_shown()
    {
        // Recorded by an earlier process: this page's HistoryCollection has run nothing.
        await _history.SaveCollectionAsync(new CollectionSummary("scheduled", "kis", new DateTimeOffset(2026, 12, 4, 16, 0, 0, KoreaTime.Offset),
            new DateTimeOffset(2026, 12, 4, 16, 5, 0, KoreaTime.Offset), [new TickerCollection("005930", 10, 0, null), new TickerCollection("999999", 0, 0, "unknown product")]));
        SignIn(Roles.Viewer);

        var cut = Render<DataPage>();

        cut.WaitForAssertion(() => Assert.Contains("2 tickers, 10 daily and 0 minute bars, 1 failed", cut.Find("[data-testid=last-collection-summary]").TextContent));
        Assert.Contains("scheduled, from kis", cut.Find("[data-testid=last-collection-summary]").TextContent);
        Assert.Contains("999999: unknown product", cut.Find("[data-testid=collection-failures]").TextContent);
    }
}
