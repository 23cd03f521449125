using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;

namespace KisTrader.ComponentTests;

/// <summary>
/// A bUnit context with MudBlazor, an interactive renderer (the pages load only over a live circuit) and fakes at the
/// ports. xunit v2 disposes synchronously and MudBlazor's services are async-only, so the class is an IAsyncLifetime that
/// disposes the context asynchronously (STACK.md).
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    protected const string AdminName = "alice";
    protected const string ViewerName = "victor";

    protected FakeClock Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 1, 30, 0, TimeSpan.Zero)); // 10:30 KST, a Monday
    protected SyncBus Bus { get; } = new();
    protected FakeTradingControl Control { get; }
    protected FakeApprovalStore Approvals { get; } = new();
    protected FakeUserPreferences Preferences { get; } = new();

    protected ComponentTest()
    {
        Control = new FakeTradingControl(Clock);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = o.SnackbarConfiguration.HideTransitionDuration = 0);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<IEventBus>(Bus);
        Services.AddSingleton<ITradingControl>(Control);
        Services.AddSingleton<IApprovalStore>(Approvals);
        Services.AddSingleton<IUserPreferences>(Preferences);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Auth = AddAuthorization();
    }

    protected FakeHealth Health { get; } = new();

    /// <summary>What the layout's status strip reads: the default settings (simulator, SQLite, no LLM) and a healthy database.</summary>
    protected void AddStatusServices()
    {
        var settings = KisTrader.Web.Hosting.AppSettings.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(new KisTrader.Web.Live.SystemStatus(Microsoft.Extensions.Options.Options.Create(settings.Kis), Microsoft.Extensions.Options.Options.Create(settings.Database), Microsoft.Extensions.Options.Options.Create(settings.Llm)));
        Services.AddSingleton(new KisTrader.Kis.KisStatus());
        Services.AddSingleton<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>(Health);
    }

    /// <summary>The scheduler's next run as the pages ask for it, with the default settings (no scheduler runs in a page test).</summary>
    protected void AddNextRunInfo()
    {
        var settings = KisTrader.Web.Hosting.AppSettings.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Kis));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Simulator));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings.Trading));
        Services.AddSingleton<KisTrader.Web.Scheduling.NextRunInfo>();
    }

    /// <summary>Signed out until a test signs in.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Auth { get; }

    /// <summary>Registers what one test needs before anything renders; the renderer is built at the first render.</summary>
    protected void Register(Action<IServiceCollection> add) => add(Services);

    private bool _interactive;

    /// <summary>Renders over a live circuit, as the pages do (they load data only when interactive).</summary>
    protected new IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        if (!_interactive)
        {
            SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            _interactive = true;
        }
        return parameters is null ? base.Render<T>() : base.Render(parameters);
    }

    /// <summary>Signs the test user in with the given role.</summary>
    protected void SignIn(string role, string? name = null)
    {
        Auth.SetAuthorized(name ?? (role == Roles.Admin ? AdminName : ViewerName));
        Auth.SetRoles(role);
    }

    /// <summary>The dialog, snackbar and popover hosts a page's layout would provide.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        Snackbars = Render<MudSnackbarProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>The rendered toasts, once <see cref="RenderProviders"/> ran.</summary>
    protected IRenderedComponent<MudSnackbarProvider> Snackbars { get; private set; } = default!;

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
    }
}
