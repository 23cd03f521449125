using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KisTrader.Core.Approvals;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;
using KisTrader.Tests.Web.Security;

namespace KisTrader.Tests.Web;

/// <summary>The approvals API on the composed app (simulator broker, LLM engine, approval Required).</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class ApprovalsApiTests(SecurityAppFixture fixture) : IClassFixture<SecurityAppFixture>
{
    private SecurityApp App => fixture.App;

    [Fact]
    public async Task ApprovingASupersededApproval_Answers409_NamingTheNewerApproval_AndSendsNothing()
    {
        using var admin = await App.SignedInClientAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var older = await App.PendingApprovalAsync(admin, quantity: 1);
        var newer = await App.PendingApprovalAsync(admin, quantity: 1);

        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/approvals");
        Assert.Equal([newer], pending.EnumerateArray().Select(a => a.GetProperty("approvalId").GetString()));

        var response = await admin.PostAsJsonAsync($"/api/approvals/{older}/approve", new { reason = "approving the whole queue" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode} {body}");
        Assert.Equal(nameof(ApprovalOutcomeKind.Superseded), body.GetProperty("kind").GetString());
        Assert.Equal(newer, body.GetProperty("supersededBy").GetString());
        Assert.Contains($"superseded by the newer proposal {newer}", body.GetProperty("message").GetString());
        var stored = await App.App.Get<IApprovalStore>().GetAsync(older);
        Assert.Equal((ApprovalStatus.Superseded, newer), (stored!.Status, stored.SupersededBy));
        Assert.Empty(await App.App.Get<IOrderLedger>().ListAsync(since, DateTimeOffset.UtcNow.AddMinutes(1)));

        var rejected = await admin.PostAsJsonAsync($"/api/approvals/{newer}/reject", new { reason = "tidy up" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
    }
}
