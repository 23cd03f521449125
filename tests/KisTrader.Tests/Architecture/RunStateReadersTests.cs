using System.Reflection;
using System.Text.Json;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Dashboard;

namespace KisTrader.Tests.Architecture;

/// <summary>"Who reads a run's saved state?" The runner (to resume it) and the Runs page (to show it, through
/// <see cref="RunStates"/>) only: an order's life is read from the ledger, an approval's plan and outcome from the approval,
/// a finished run's report from its last RunUpdated, the equity curve from its own store. Found by reading the IL of every
/// method of the product assemblies for a deserialization of <see cref="TradingState"/> or a call to RunStates.</summary>
public sealed class RunStateReadersTests
{
    private static readonly string[] ProductAssemblies = ["KisTrader.Core", "KisTrader.Kis", "KisTrader.Data", "KisTrader.Simulator", "KisTrader.Web"];
    private static readonly Type[] Allowed = [typeof(GraphRunner<>), typeof(RunStates), typeof(RunsPage)];

    [Fact]
    public void OnlyTheRunnerAndTheRunsPage_ReadARunsSavedTradingState()
    {
        var readers = ProductAssemblies.Select(Assembly.Load).SelectMany(CompiledCode.TypesOf).SelectMany(StateReaders).Distinct().ToList();

        var others = readers.Where(r => !Allowed.Contains(r.Owner)).Select(r => r.Where).ToList();
        Assert.True(others.Count == 0, "Only the graph runner and the Runs page (through RunStates) may read a run's TradingState; found:\n" + string.Join("\n", others));
        // The rule sees the readers it allows: the Runs page reads through RunStates, which deserializes.
        Assert.Contains(readers, r => r.Owner == typeof(RunsPage));
        Assert.Contains(readers, r => r.Owner == typeof(RunStates));
    }

    [Fact]
    public void TheScan_FindsAReaderOutsideTheAllowedOnes()
    {
        // The rule above can fail: a read in an async method (compiled into a nested state machine) or a lambda is found,
        // whether it calls GraphJson, System.Text.Json or RunStates.
        var found = StateReaders(typeof(SneakyReader)).Concat(typeof(SneakyReader).GetNestedTypes(All).SelectMany(StateReaders)).ToList();
        Assert.Contains(found, r => r.Where.Contains(nameof(SneakyReader.ViaGraphJsonAsync)));
        Assert.Contains(found, r => r.Where.Contains(nameof(SneakyReader.ViaSystemTextJson)));
        Assert.Contains(found, r => r.Where.Contains(nameof(SneakyReader.ViaRunStates)));
        Assert.DoesNotContain(found, r => Allowed.Contains(r.Owner));
    }

    private sealed class SneakyReader(IGraphStore graphs)
    {
        public async Task<int> ViaGraphJsonAsync(string runId) =>
            GraphJson.Deserialize<TradingState>((await graphs.GetRunAsync(runId))!.StateJson).Executions.Count;

        public static int ViaSystemTextJson(string json) => JsonSerializer.Deserialize<TradingState>(json)!.Checks.Count;

        public static bool ViaRunStates(GraphRun run) => RunStates.TryRead(run) is not null;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every method of <paramref name="type"/> that deserializes a TradingState or asks RunStates for one, with the
    /// outermost type declaring it (lambdas and async state machines are nested types of the type whose code they are).</summary>
    private static IEnumerable<(Type Owner, string Where)> StateReaders(Type type)
    {
        var owner = type;
        while (owner.DeclaringType is { } outer) owner = outer;
        if (owner.IsGenericType) owner = owner.GetGenericTypeDefinition();
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            if (CompiledCode.CalledMethods(method).Any(ReadsState))
                yield return (owner, $"{type.FullName}.{method.Name}");
    }

    /// <summary>A Deserialize returning TradingState (GraphJson's, System.Text.Json's, JsonElement's), or RunStates. The
    /// runner deserializes its own generic state type, whatever the graph: it is allowed, and not looked for here.</summary>
    private static bool ReadsState(MethodBase m) =>
        m.DeclaringType == typeof(RunStates)
        || m.Name.StartsWith("Deserialize", StringComparison.Ordinal) && m is MethodInfo { ReturnType: var returns } && returns == typeof(TradingState);
}
