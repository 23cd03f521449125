using System.Net;
using KisTrader.Core.Audit;
using KisTrader.Core.Configuration;
using KisTrader.Core.Ports;
using KisTrader.Data.Stores;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static KisTrader.Web.Hosting.Startup.AppStartupSteps;

namespace KisTrader.Tests.Web.Startup;

/// <summary>What a cold start does once the schema is there (docs/decisions.md, "Start-up work that needs only the schema
/// runs side by side"): the admin seeding and the configuration record side by side, each with its own DbContext, a
/// failure of either still stopping the start with its message; and the web server's start-up steps begun beside them.</summary>
public sealed class SchemaStartupTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Settings(TempDataDir dir) => new()
    {
        ["Database:DataDirectory"] = dir.DataDir,
        ["Logs:Directory"] = dir.LogDir,
        ["Logs:MinimumLevel"] = "Warning",
        ["urls"] = "http://127.0.0.1:0",
        ["Simulator:Port"] = "0",
        ["Admin:Password"] = TradingApp.AdminPassword,
        ["Trading:ScheduleEnabled"] = "false",
        ["Database:JobStorage"] = "InMemory",
    };

    [Fact]
    public async Task AFailingConfigurationRecord_StopsTheStartWithItsMessage_WhileTheSeedRunsBesideIt()
    {
        using var dir = new TempDataDir();
        var meeting = new Meeting();

        // The record is called while the seed is still under way (the seed's audit entry waits for it), and it fails only
        // once the seed has written that entry: run one after the other, either would wait for the other until the deadline.
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => KisTraderHost.BuildAsync([], Settings(dir), TextWriter.Null,
            services: s =>
            {
                s.Replace(ServiceDescriptor.Singleton<IAuditLog>(sp => new SeedMeetsRecordAuditLog(ActivatorUtilities.CreateInstance<EfAuditLog>(sp), meeting)));
                s.Replace(ServiceDescriptor.Singleton<IConfigurationVersionStore>(sp => new FailingConfigStore(meeting)));
            }));

        Assert.Equal(FailingConfigStore.Message, ex.Message);
        Assert.True(meeting.SeedAudited.Task.IsCompletedSuccessfully, "the admin seeding ran to its end beside the failing record");
    }

    [Fact]
    public async Task TheWebServersStart_BeginsTheStepsBeforeListeningBesideTheSeed_AndListensOnlyOnceTheyAreDone()
    {
        using var dir = new TempDataDir();
        var (app, _, _, exit) = await KisTraderHost.BuildAsync([], Settings(dir), TextWriter.Null, beginStartup: true);
        Assert.NotNull(app);
        try
        {
            await app.StartAsync();
            var results = app.Services.GetRequiredService<StartupSequence>().Results;
            Assert.Equal([Listeners, Broker, PromptsAndRules, Reconciliation, OrderTracking], results.Take(5).Select(r => r.Name));
            Assert.All(results.Take(5), r => Assert.Equal(StartupStepState.Succeeded, r.State));
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
            Assert.NotNull(await users.FindByNameAsync("admin"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Assert.Equal(0, exit);
    }

    private sealed class Meeting
    {
        public TaskCompletionSource RecordCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource SeedAudited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The audit log, but the seed's "admin.created" entry is written only once the configuration record has been
    /// called.</summary>
    private sealed class SeedMeetsRecordAuditLog(IAuditLog inner, Meeting meeting) : IAuditLog
    {
        public async Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
        {
            if (entry.Action == "admin.created") await meeting.RecordCalled.Task.WaitAsync(Deadline, ct);
            await inner.WriteAsync(entry, ct);
            if (entry.Action == "admin.created") meeting.SeedAudited.TrySetResult();
        }

        public Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default) => inner.RecentAsync(count, ct);

        public Task<IReadOnlyList<AuditEntry>> ByActorSinceAsync(string actor, DateTimeOffset since, CancellationToken ct = default) =>
            inner.ByActorSinceAsync(actor, since, ct);

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default) => inner.QueryAsync(query, ct);
    }

    private sealed class FailingConfigStore(Meeting meeting) : IConfigurationVersionStore
    {
        public const string Message = "The configuration history is unavailable (test).";

        public async Task<(ConfigurationVersion Version, bool Added)> AddIfChangedAsync(string json, string recordedBy, DateTimeOffset at,
            CancellationToken ct = default)
        {
            meeting.RecordCalled.TrySetResult();
            await meeting.SeedAudited.Task.WaitAsync(Deadline, ct);
            throw new InvalidOperationException(Message);
        }

        public Task<ConfigurationVersion?> LatestAsync(CancellationToken ct = default) => Task.FromResult<ConfigurationVersion?>(null);

        public Task<ConfigurationVersion?> GetAsync(long id, CancellationToken ct = default) => Task.FromResult<ConfigurationVersion?>(null);

        public Task<IReadOnlyList<ConfigurationVersion>> ListAsync(CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<ConfigurationVersion>>([]);
    }
}
