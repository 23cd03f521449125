using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Simulator;
using Xunit.Abstractions;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>
/// The numbers of one scenario: faults the simulator injected (its own counters), what the app saw and did, and the
/// safe-state figures. Written to the test output and appended to artifacts/reliability/faults.json under the repository
/// root (a JSON array; one object per scenario, grouped by the suite run), so documentation can quote a real run.
/// </summary>
internal sealed class FaultReport(string scenario)
{
    private static readonly string SuiteRun = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
    private static readonly Lock FileGate = new();
    private readonly JsonObject _numbers = new();

    public FaultReport Add(string key, JsonNode? value)
    {
        _numbers[key] = value;
        return this;
    }

    /// <summary>Adds the standard figures of a finished scenario.</summary>
    public FaultReport Standard(FaultRig rig, ClientNumbers client, FaultCounts injected, Settled settled, DashboardProbe dashboard,
        IReadOnlyList<HostHealth.LogEntry> errors)
    {
        _numbers["faultsInjected"] = JsonSerializer.SerializeToNode(injected, JsonOptions);
        _numbers["runs"] = rig.Runs.Count;
        _numbers["runsByStatus"] = new JsonObject(rig.Runs.GroupBy(r => r.Status).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())));
        _numbers["staleRefusedRuns"] = rig.Runs.Count(r => r.Stale);
        _numbers["ledgerOrders"] = settled.Ledger.Count;
        _numbers["brokerOrders"] = settled.Broker.Count;
        _numbers["ordersRejected"] = settled.Ledger.Count(o => o.Status == KisTrader.Core.Execution.LedgerOrderStatus.Rejected);
        _numbers["ordersFilled"] = settled.Ledger.Count(o => o.Status == KisTrader.Core.Execution.LedgerOrderStatus.Filled);
        _numbers["duplicates"] = settled.Duplicates;
        _numbers["unknownOutcomesResolved"] = rig.UnknownOutcomes;
        _numbers["fillsMissedByNoticesRecovered"] = settled.FillsMissedByNotices;
        _numbers["riskRefusals"] = new JsonObject(rig.Runs.SelectMany(r => r.State?.Checks ?? []).Where(c => !c.Verdict.Approved)
            .GroupBy(c => c.Verdict.Code.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())));
        _numbers["client"] = JsonSerializer.SerializeToNode(client, JsonOptions);
        _numbers["fillTrackerErrorsSurvived"] = rig.FillTrackerErrors;
        _numbers["dashboardRequests"] = dashboard.Answered;
        _numbers["dashboardFailures"] = dashboard.Failures.Count;
        _numbers["errorLogEntries"] = errors.Count;
        _numbers["errorLogEntriesWithStack"] = errors.Count(e => e.HasStack);
        return this;
    }

    public void Write(ITestOutputHelper output, FaultRig? rig = null)
    {
        var entry = new JsonObject { ["suiteRun"] = SuiteRun, ["scenario"] = scenario, ["at"] = DateTimeOffset.UtcNow.ToString("O") };
        foreach (var (k, v) in _numbers) entry[k] = v?.DeepClone();
        output.WriteLine($"fault scenario {scenario}:");
        output.WriteLine(entry.ToJsonString(ReliabilityArtifacts.Indented));
        if (rig is not null)
            foreach (var r in rig.Runs) output.WriteLine("  run " + r);

        var file = ReliabilityArtifacts.PathOf("faults.json");
        lock (FileGate)
        {
            JsonArray all;
            try
            {
                all = File.Exists(file) && JsonNode.Parse(File.ReadAllText(file)) is JsonArray existing ? existing : [];
            }
            catch (JsonException)
            {
                all = [];
            }
            all.Add(entry);
            File.WriteAllText(file, all.ToJsonString(ReliabilityArtifacts.Indented) + "\n");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>What the app's KIS client counted (taken before the app stops).</summary>
internal sealed record ClientNumbers(long Requests, long Retried, long Failed, int TokenIssues, int FeedReconnects, long FramesReceived, long MalformedFramesSkipped)
{
    public static ClientNumbers Of(KisTrader.Kis.KisStatus s) =>
        new(s.RequestsTotal, s.RetriedRequests, s.FailedRequests, s.TokenIssues, s.Reconnects, s.FramesReceived, s.MalformedFrames);
}
