using System.Text.Json;
using KisTrader.Testing;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>The numbers of one harness run, for the test output and artifacts/reliability/crash.json.</summary>
internal sealed class CrashRunReport
{
    public int Seed { get; init; }
    public int KillsPlanned { get; init; }
    public int Kills => KillLog.Count;
    public string StartedAtUtc { get; init; } = DateTime.UtcNow.ToString("O");
    public double WallSeconds { get; set; }
    public double MeanStartSeconds => KillLog.Where(k => k.StartSeconds > 0).Select(k => k.StartSeconds).DefaultIfEmpty(0).Average();
    public Dictionary<string, int> KillsByMode => KillLog.GroupBy(k => k.Mode).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
    /// <summary>Where the kills landed: an order Intent / Unknown in the ledger, a run interrupted in a node, or idle.</summary>
    public Dictionary<string, int> KillsByLanding => KillLog.GroupBy(k => k.Landed).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
    public int KillsWithOrderInFlight => KillLog.Count(k => k.IntentOrders + k.UnknownOrders > 0);
    public int BrokerOrders { get; set; }
    public int BrokerCancels { get; set; }
    public int LedgerOrders { get; set; }
    public Dictionary<string, int> LedgerOrdersByStatus { get; set; } = [];
    public int FilledOrders { get; set; }
    public int Fills { get; set; }
    public int Trades { get; set; }
    /// <summary>What became of the orders a kill left Intent or Unknown: "Intent → Filled", "Unknown → Cancelled", …</summary>
    public Dictionary<string, int> InFlightOutcomes { get; set; } = [];
    public int NeverSent { get; set; }
    /// <summary>Orders of the final run (nothing sent after it) whose answers the simulator dropped.</summary>
    public int LostAnswersInFinalRun { get; set; }
    public int Duplicates { get; set; }
    public int Missing { get; set; }
    public int LostTrades { get; set; }
    public int Drift { get; set; }
    public int Unresolved { get; set; }
    public int Checks { get; set; }
    public List<string> Violations { get; } = [];
    /// <summary>Starts that did not reach start-up reconciliation in time, with the process's output.</summary>
    public List<string> HungStarts { get; } = [];
    public List<KillRecord> KillLog { get; } = [];

    public void Count(InvariantReport r)
    {
        Checks++;
        Duplicates += r.Duplicates.Count;
        Missing += r.Missing.Count;
        LostTrades += r.LostTrades.Count;
        Drift += r.Drift.Count;
        Unresolved += r.Unresolved.Count;
        Violations.AddRange(r.All);
    }

    public string Summary() =>
        $"seed {Seed}: {Kills} kills of {KillsPlanned} in {WallSeconds:0} s (start-up {MeanStartSeconds:0.0} s on average); "
        + $"by mode {Join(KillsByMode)}; landed {Join(KillsByLanding)}; {KillsWithOrderInFlight} with an order Intent/Unknown; "
        + $"{BrokerOrders} broker orders (+{BrokerCancels} cancels), {LedgerOrders} ledger orders ({Join(LedgerOrdersByStatus)}), "
        + $"{FilledOrders} filled, {Fills} fills, {Trades} trades; in flight at a kill: {Join(InFlightOutcomes)}; {NeverSent} never sent; {LostAnswersInFinalRun} unknown after the final run; "
        + $"{Checks} checks: {Duplicates} duplicates, {Missing} missing, {LostTrades} lost trades, {Drift} drift, {Unresolved} unresolved";

    private static string Join(Dictionary<string, int> d) => string.Join(", ", d.Select(kv => $"{kv.Key} {kv.Value}"));

    public string Write()
    {
        var file = ReliabilityArtifacts.PathOf("crash.json");
        File.WriteAllText(file, JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
        return file;
    }
}
