using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Web.Components.Pages.Connection;
using KisTrader.Web.ConfigHistory;
using KisTrader.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Connection;

public sealed class ConfigHistoryPanelTests : ComponentTest
{
    private const string AppSecret = "kis-app-secret-5f3a9c";
    private readonly FakeConfigurationVersionStore store = new();

    public ConfigHistoryPanelTests()
    {
        Services.AddSingleton<IConfigurationVersionStore>(store);
        Services.AddSingleton<SecretRedactor>();
    }

    /// <summary>The real service over the fake store, running with the given settings (a secret among them).</summary>
    private ConfigHistoryService UseSettings(params (string Key, string Value)[] values)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
        var settings = AppSettings.Load(config);
        var service = new ConfigHistoryService(store, settings, new SecretRedactor(), Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfigHistoryService>.Instance);
        Services.AddSingleton(service);
        return service;
    }

    [Fact]
    public async Task ShowsTheCurrentVersion_ItsJson_AndSaysThereIsNoEarlierOne()
    {
        var service = UseSettings(("Kis:AppSecret", AppSecret));
        var (recorded, _) = await service.RecordAsync("startup");
        var cut = Render<ConfigHistoryPanel>();
        var current = cut.Find("[data-testid=config-current-version]").TextContent;
        Assert.Contains("Version 1", current);
        Assert.Contains("by startup", current);
        Assert.Contains(recorded.Sha256[..12], current);
        Assert.Equal(service.Current(), cut.Find("[data-testid=config-current-json]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=config-no-earlier]"));
        Assert.Empty(cut.FindAll("[data-testid=config-compare]"));
        Assert.Empty(cut.FindAll("[data-testid=config-diff]"));
    }

    [Fact]
    public void NoVersionRecorded_SaysSo()
    {
        UseSettings();
        var cut = Render<ConfigHistoryPanel>();
        Assert.Equal("No configuration has been recorded yet.", cut.Find("[data-testid=config-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=config-current-version]"));
    }

    [Fact]
    public void AStoreThatCannotBeRead_ShowsAnError_NotTheLoadingText()
    {
        UseSettings();
        store.Fail = new InvalidOperationException("database is locked");
        var cut = Render<ConfigHistoryPanel>();
        Assert.Equal("The configuration history could not be read.", cut.Find("[data-testid=config-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=config-loading]"));
    }

    [Fact]
    public async Task WithEarlierVersions_DiffsTheCurrentOneAgainstTheNewestEarlier_ThenAgainstTheOneChosen()
    {
        await store.AddIfChangedAsync("{\n  \"a\": 1,\n  \"b\": 1\n}", "startup", Clock.GetUtcNow().AddDays(-2));
        await store.AddIfChangedAsync("{\n  \"a\": 1,\n  \"b\": 2\n}", "startup", Clock.GetUtcNow().AddDays(-1));
        await store.AddIfChangedAsync("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}", "startup", Clock.GetUtcNow());
        UseSettings();
        var cut = Render<ConfigHistoryPanel>();

        Assert.Equal(["2", "1"], cut.FindAll("[data-testid=config-compare] option").Select(o => o.GetAttribute("value")));
        Assert.Contains("From version 2 to version 3", cut.Find("[data-testid=config-diff-summary]").TextContent);
        Assert.Contains("added", cut.FindAll("[data-testid=config-diff-row]").Select(r => r.GetAttribute("data-kind")));

        cut.Find("[data-testid=config-compare]").Change("1");
        cut.WaitForAssertion(() => Assert.Contains("From version 1 to version 3", cut.Find("[data-testid=config-diff-summary]").TextContent));
        Assert.Contains(1L, store.Fetched);
        var changed = cut.FindAll("[data-testid=config-diff-row]").Where(r => r.GetAttribute("data-kind") != "unchanged").ToList();
        Assert.Contains(changed, r => r.TextContent.Contains("\"b\": 1") && r.TextContent.Contains("\"b\": 2"));
    }

    [Fact]
    public async Task ASecretInTheSettings_NeverReachesThePanel_ItShowsAsMasked()
    {
        var first = UseSettings(("Kis:AppSecret", AppSecret), ("Kis:AppKey", "kis-app-key-7e21b0"));
        await first.RecordAsync("startup");
        var second = new ConfigHistoryService(store, AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(
            [KeyValuePair.Create("Kis:AppSecret", (string?)(AppSecret + "-rotated")), KeyValuePair.Create("Trading:ApprovalThresholdKrw", (string?)"1234567")]).Build()),
            new SecretRedactor(), Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfigHistoryService>.Instance);
        await second.RecordAsync("startup");
        var cut = Render<ConfigHistoryPanel>();

        Assert.Single(cut.FindAll("[data-testid=config-diff]"));
        Assert.Contains("***", cut.Find("[data-testid=config-current-json]").TextContent);
        Assert.DoesNotContain(AppSecret, cut.Markup);
        Assert.DoesNotContain("kis-app-key-7e21b0", cut.Markup);
    }
}
