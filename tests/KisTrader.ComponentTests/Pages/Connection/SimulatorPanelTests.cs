using KisTrader.Core.Market;
using KisTrader.Core.Security;
using KisTrader.Kis.Auth;
using KisTrader.Simulator;
using KisTrader.Web.Broker;
using KisTrader.Web.Components.Pages.Connection;
using KisTrader.Web.Hosting;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Connection;

/// <summary>The fault panel drives a real built-in simulator (in memory, on a free loopback port): its buttons' effect is
/// the simulator's fault state and the audit trail.</summary>
public sealed class SimulatorPanelTests : ComponentTest, IAsyncLifetime
{
    private readonly FakeAuditLog audit = new();
    private readonly BrokerRuntime broker;
    private SimulatorHost simulator = default!;

    public SimulatorPanelTests()
    {
        var settings = AppSettings.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        broker = UnstartedBroker.Create(settings, Bus, Clock);
        Services.AddSingleton(broker);
        Services.AddSingleton<KisTrader.Core.Ports.IAuditLog>(audit);
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        simulator = await SimulatorHost.StartAsync(new SimulatorSettings());
        // BrokerRuntime sets its simulator only when it starts the whole broker link (token, WebSocket feed); the panel
        // needs just the simulator, so the test hands it over. A rename of the property fails here, loudly.
        typeof(BrokerRuntime).GetProperty(nameof(BrokerRuntime.Simulator))!.SetValue(broker, simulator);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await simulator.DisposeAsync();
    }

    private IRenderedComponent<SimulatorPanel> RenderAsAdmin()
    {
        SignIn(Roles.Admin);
        return Render<SimulatorPanel>();
    }

    private static void Press(IRenderedComponent<SimulatorPanel> cut, string testId) => cut.Find($"[data-testid={testId}]").Click();

    [Fact]
    public void AnAdmin_SeesWhereTheSimulatorListens_AndTheFaultButtons()
    {
        var cut = RenderAsAdmin();
        Assert.Equal(simulator.BaseUrl.ToString(), cut.Find("[data-testid=sim-url]").TextContent);
        Assert.Equal(["sim-disconnect", "sim-expire-tokens", "sim-silence", "sim-reset"], cut.FindAll("button").Select(b => b.GetAttribute("data-testid")));
        Assert.Empty(cut.FindAll("[data-testid=sim-last-action]"));
    }

    [Fact]
    public void AViewer_SeesNoFaultPanel()
    {
        SignIn(Roles.Viewer);
        var cut = Render<SimulatorPanel>();
        Assert.Empty(cut.FindAll("[data-testid=simulator-panel]"));
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void SilenceTheFeed_SilencesTheSimulator_ThenResumes_AndAuditsBoth()
    {
        var cut = RenderAsAdmin();
        Press(cut, "sim-silence");
        cut.WaitForAssertion(() => Assert.True(simulator.Faults.Current.SilenceFeed));
        Assert.Equal("Resume the feed", cut.Find("[data-testid=sim-silence]").TextContent.Trim());
        Assert.Equal("2026-12-07 10:30:00 KST: silenced the feed", cut.Find("[data-testid=sim-last-action]").TextContent);

        Press(cut, "sim-silence");
        cut.WaitForAssertion(() => Assert.False(simulator.Faults.Current.SilenceFeed));
        Assert.Equal(["silenced the feed", "resumed the feed"], audit.Entries.Select(e => e.Details));
        Assert.All(audit.Entries, e => Assert.Equal((AdminName, "simulator.fault"), (e.Actor, e.Action)));
    }

    [Fact]
    public void ExpireTokens_ExpiresTheSimulatorsTokens()
    {
        var cut = RenderAsAdmin();
        Press(cut, "sim-expire-tokens");
        cut.WaitForAssertion(() => Assert.Equal(1, simulator.Faults.Injected.TokenExpiries));
        Assert.Equal("expired every access token", Assert.Single(audit.Entries).Details);
    }

    [Fact]
    public void DropTheWebSocket_IsAudited()
    {
        var cut = RenderAsAdmin();
        Press(cut, "sim-disconnect");
        cut.WaitForAssertion(() => Assert.Equal("dropped the WebSocket sessions", Assert.Single(audit.Entries).Details));
    }

    [Fact]
    public void ClearFaults_ResetsTheSimulatorsFaults()
    {
        simulator.Faults.Update(f => { f.SilenceFeed = true; f.ServerErrorRate = 0.5; });
        var cut = RenderAsAdmin();
        Assert.Equal("Resume the feed", cut.Find("[data-testid=sim-silence]").TextContent.Trim());
        Press(cut, "sim-reset");
        cut.WaitForAssertion(() => Assert.Equal("Silence the feed", cut.Find("[data-testid=sim-silence]").TextContent.Trim()));
        Assert.False(simulator.Faults.Current.SilenceFeed);
        Assert.Equal(0, simulator.Faults.Current.ServerErrorRate);
        Assert.Equal("cleared all faults", Assert.Single(audit.Entries).Details);
    }
}
