using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using KisTrader.Core.Security;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Testing;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.ConfigHistory;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web;

/// <summary>The configuration history: the effective configuration, redacted and canonical, stored at a start that
/// changed it, diffed, served to admins and shown on the System page.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class ConfigHistoryTests
{
    private static readonly Dictionary<string, string?> Secrets = new()
    {
        ["Kis:AppKey"] = "PScfgAppKeyQz7Xk2Vw9Lm4Rt8Hy3Nb6Jd1",
        ["Kis:AppSecret"] = "cfgAppSecretQz7Xk2/Vw9Lm4Rt8Hy3Nb6Jd1Fg5+Pq0Cs8",
        ["Kis:AccountNumber"] = "73910046",
        ["Llm:ApiKey"] = "sk-cfgLlmKeyQz7Xk2Vw9Lm4Rt8Hy3Nb6",
        ["Admin:Password"] = "Cfg-Admin-Pass-Qz7Xk2Vw9",
        ["Notifications:SmtpPassword"] = "cfgSmtpPassQz7Xk2Vw9",
        ["Notifications:WebhookUrl"] = "https://hooks.example.test/services/T01/B02/cfgWebhookTokenQz7Xk2",
        ["Database:ConnectionString"] = "Host=db.local;Port=5432;Database=kistrader;Username=trader;Password=cfgPgPassQz7Xk2",
    };

    private static readonly Dictionary<string, string?> Ordinary = new()
    {
        ["Kis:Environment"] = "Paper",
        ["Kis:HtsId"] = "hts-user",
        ["Database:Provider"] = "PostgreSql",
        ["Notifications:SmtpHost"] = "smtp.example.test",
        ["Notifications:EmailFrom"] = "kistrader@example.test",
        ["Notifications:EmailTo:0"] = "ops@example.test",
        ["Risk:MaxOrdersPerDay"] = "20",
        ["Trading:Watchlist:0"] = "005930",
        ["Trading:Watchlist:1"] = "000660",
    };

    private static (AppSettings Settings, SecretRedactor Redactor) Load(IReadOnlyDictionary<string, string?>? more = null)
    {
        var values = new Dictionary<string, string?>(Secrets);
        foreach (var (k, v) in Ordinary) values[k] = v;
        foreach (var (k, v) in more ?? new Dictionary<string, string?>()) values[k] = v;
        var settings = AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var redactor = new SecretRedactor();
        foreach (var s in settings.Secrets()) redactor.Register(s);
        return (settings, redactor);
    }

    [Fact]
    public void TheEffectiveConfiguration_HasEverySection_AndNoSecret()
    {
        var (settings, redactor) = Load();

        var json = EffectiveConfiguration.Build(settings, redactor);

        var root = JsonDocument.Parse(json).RootElement;
        var sections = typeof(AppSettings).GetProperties().Select(p => p.PropertyType.GetCustomAttribute<OptionsSectionAttribute>()?.Name)
            .OfType<string>().ToList();
        Assert.Superset(new HashSet<string> { "Kis", "Simulator", "Llm", "Trading", "Risk", "Database", "Notifications", "Admin", "Logs", "Reflection", "Backup" },
            sections.ToHashSet());
        Assert.Equal(sections.Order(StringComparer.Ordinal), root.EnumerateObject().Select(p => p.Name));
        foreach (var (key, secret) in Secrets)
            Assert.False(json.Contains(secret!, StringComparison.Ordinal), $"{key} is in the stored configuration:\n{json}");
        // Also the parts of a secret that could be recognised.
        Assert.DoesNotContain("cfgWebhookTokenQz7Xk2", json);
        Assert.DoesNotContain("cfgPgPassQz7Xk2", json);

        Assert.Equal("***", root.GetProperty("Kis").GetProperty("AppKey").GetString());
        Assert.Equal("***", root.GetProperty("Kis").GetProperty("AccountNumber").GetString());
        Assert.Equal("***", root.GetProperty("Llm").GetProperty("ApiKey").GetString());
        Assert.Equal("***", root.GetProperty("Admin").GetProperty("Password").GetString());
        Assert.Equal("https://hooks.example.test/***", root.GetProperty("Notifications").GetProperty("WebhookUrl").GetString());
        Assert.Equal("Host=db.local;Port=5432;Database=kistrader;Username=trader;Password=***",
            root.GetProperty("Database").GetProperty("ConnectionString").GetString());
        // Ordinary values are there as configured, enums by name, derived values too.
        Assert.Equal("Paper", root.GetProperty("Kis").GetProperty("Environment").GetString());
        Assert.Equal("hts-user", root.GetProperty("Kis").GetProperty("HtsId").GetString());
        Assert.Equal(20, root.GetProperty("Risk").GetProperty("MaxOrdersPerDay").GetInt32());
        Assert.Equal(["005930", "000660"], root.GetProperty("Trading").GetProperty("EffectiveWatchlist").EnumerateArray().Select(e => e.GetString()));
        // An unset secret shows as unset, not as masked.
        var (plain, plainRedactor) = Load(new Dictionary<string, string?> { ["Llm:ApiKey"] = null });
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(EffectiveConfiguration.Build(plain, plainRedactor)).RootElement.GetProperty("Llm").GetProperty("ApiKey").ValueKind);
    }

    [Fact]
    public void TheText_IsCanonical_KeysInOrdinalOrderAtEveryLevel_AndOneChangeIsOneChangedLine()
    {
        var (a, ra) = Load();
        var (b, rb) = Load();
        var text = EffectiveConfiguration.Build(a, ra);
        Assert.Equal(text, EffectiveConfiguration.Build(b, rb));
        Assert.DoesNotContain("\r", text);
        AssertSorted(JsonDocument.Parse(text).RootElement);

        var (c, rc) = Load(new Dictionary<string, string?> { ["Risk:MaxOrdersPerDay"] = "7" });
        var diff = PromptDiff.Build(text, EffectiveConfiguration.Build(c, rc));
        Assert.Equal((0, 0, 1), (diff.Added, diff.Removed, diff.Changed));
        var row = diff.Rows.Single(r => r.New.Kind == PromptDiff.LineKind.Changed);
        Assert.Equal("\"MaxOrdersPerDay\": 7,", string.Concat(row.New.Words.Select(w => w.Text)).Trim());
        Assert.Equal("\"MaxOrdersPerDay\": 20,", string.Concat(row.Old.Words.Select(w => w.Text)).Trim());

        // A changed secret is not visible in the history (it stays ***): the text does not move.
        var (d, rd) = Load(new Dictionary<string, string?> { ["Kis:AppSecret"] = "anotherSecretValueQz7Xk2Vw9Lm4Rt8Hy3" });
        Assert.Equal(text, EffectiveConfiguration.Build(d, rd));

        static void AssertSorted(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                var names = e.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(names.Order(StringComparer.Ordinal), names);
                foreach (var p in e.EnumerateObject()) AssertSorted(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array)
                foreach (var item in e.EnumerateArray()) AssertSorted(item);
        }
    }

    [Fact]
    public async Task Record_StoresAStartsConfiguration_OnlyWhenItDiffersFromTheLastOne_AndDiffsAnyTwo()
    {
        var factory = await TestContextFactory.MigratedSqliteAsync("config");
        var store = new EfConfigurationVersionStore(factory);
        ConfigHistoryService Service(AppSettings s, SecretRedactor r) => new(store, s, r, TimeProvider.System, NullLogger<ConfigHistoryService>.Instance);

        var (s1, r1) = Load();
        var (v1, added1) = await Service(s1, r1).RecordAsync("web app");
        var (again, added2) = await Service(s1, r1).RecordAsync("web app");
        var (s2, r2) = Load(new Dictionary<string, string?> { ["Risk:MaxOrdersPerDay"] = "7", ["Logs:RetainDays"] = "60" });
        var (v2, added3) = await Service(s2, r2).RecordAsync("graph run");

        Assert.Equal((true, false, true), (added1, added2, added3));
        Assert.Equal(v1.Id, again.Id);
        Assert.Equal([v2.Id, v1.Id], (await Service(s2, r2).ListAsync()).Select(v => v.Id));
        var diff = await Service(s2, r2).DiffAsync(v1.Id, v2.Id);
        Assert.Equal(2, diff!.Lines.Changed);
        Assert.Null(await Service(s2, r2).DiffAsync(v1.Id, 999));
        var latest = await Service(s2, r2).DiffAsync(null, null);
        Assert.Equal((v1.Id, v2.Id), (latest!.From.Id, latest.To.Id));
        var first = await Service(s2, r2).DiffAsync(null, v1.Id);
        Assert.Equal((v1.Id, v1.Id, 0), (first!.From.Id, first.To.Id, first.Lines.Changed));
    }

    [Fact]
    public async Task TheComposedApp_RecordsEachChangedStart_ServesItToAdmins_RefusesViewers_AndTheSystemPageShowsTheDiff()
    {
        using var dir = new TempDataDir();
        var app = await TradingApp.StartAsync(dir);
        await app.DisposeAsync();
        // The same configuration again: no new version.
        app = await TradingApp.StartAsync(dir);
        await app.DisposeAsync();
        await using var changed = await TradingApp.StartAsync(dir, new Dictionary<string, string?> { ["Risk:MaxOrdersPerDay"] = "7" });

        using var admin = await SignInAsync(changed, AppProcess.AdminUser, TradingApp.AdminPassword);
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/admin/config/versions");
        var list = versions.EnumerateArray().ToList();
        Assert.Equal(2, list.Count);
        Assert.True(list[0].GetProperty("current").GetBoolean());
        Assert.False(list[1].GetProperty("current").GetBoolean());
        var (to, from) = (list[0].GetProperty("id").GetInt64(), list[1].GetProperty("id").GetInt64());

        var version = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/config/versions/{to}");
        var stored = JsonDocument.Parse(version.GetProperty("json").GetString()!).RootElement;
        Assert.Equal(7, stored.GetProperty("Risk").GetProperty("MaxOrdersPerDay").GetInt32());
        Assert.Equal("***", stored.GetProperty("Admin").GetProperty("Password").GetString());
        Assert.DoesNotContain(TradingApp.AdminPassword, version.GetRawText());

        var diff = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/config/diff?from={from}&to={to}");
        Assert.Equal(1, diff.GetProperty("changed").GetInt32());
        var line = diff.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("newKind").GetString() == "changed");
        Assert.Contains("\"MaxOrdersPerDay\": 7", line.GetProperty("newText").GetString());
        Assert.Contains("\"MaxOrdersPerDay\": 20", line.GetProperty("oldText").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/config/versions/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/config/diff?from={from}&to=999")).StatusCode);
        // Without parameters: the latest change.
        var latest = await admin.GetFromJsonAsync<JsonElement>("/api/admin/config/diff");
        Assert.Equal((from, to, 1), (latest.GetProperty("from").GetInt64(), latest.GetProperty("to").GetInt64(), latest.GetProperty("changed").GetInt32()));

        var created = await admin.PostAsJsonAsync("/api/admin/users", new { userName = "cfg-viewer", password = "Cfg-Viewer-Pass-1", role = "Viewer" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var viewer = await SignInAsync(changed, "cfg-viewer", "Cfg-Viewer-Pass-1");
        foreach (var path in new[] { "/api/admin/config/versions", $"/api/admin/config/versions/{to}", $"/api/admin/config/diff?from={from}&to={to}" })
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).StatusCode);
        using (var anonymous = NewClient(changed))
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/config/versions")).StatusCode);

        // The System page shows Viewers the (redacted) configuration and the diff against the version before.
        var page = await viewer.GetStringAsync("/system");
        Assert.Contains("data-testid=\"config-history\"", page);
        Assert.Contains($"Version {to}, recorded", page);
        Assert.Contains("data-testid=\"config-diff-summary\"", page);
        Assert.Contains("MaxOrdersPerDay", page);
        Assert.DoesNotContain(TradingApp.AdminPassword, page);
    }

    private static HttpClient NewClient(TradingApp app) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseUrl };

    private static async Task<HttpClient> SignInAsync(TradingApp app, string user, string password)
    {
        var client = NewClient(app);
        var response = await AppProcess.SignInAsync(client, user, password);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }
}
