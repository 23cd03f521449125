using System.Reflection;
using System.Reflection.Emit;
using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;

namespace KisTrader.Tests.Architecture;

/// <summary>"Who sends orders?" One node: only <see cref="ExecuteOrdersNode"/> calls <see cref="IOrderGateway.SubmitAsync"/>
/// (approvals are data, the approval service sends nothing), so crash recovery for sends exists once, in that node.
/// Found by reading the IL of every method of the product assemblies for calls to SubmitAsync.</summary>
public sealed class SingleSenderTests
{
    private static readonly string[] ProductAssemblies = ["KisTrader.Core", "KisTrader.Kis", "KisTrader.Data", "KisTrader.Simulator", "KisTrader.Web"];

    [Fact]
    public void OnlyTheExecuteOrdersNode_CallsTheGatewaysSubmit()
    {
        var callers = ProductAssemblies.Select(Assembly.Load).SelectMany(CompiledCode.TypesOf).SelectMany(SubmitCallers).Distinct().ToList();

        Assert.True(callers.All(c => c.Owner == typeof(ExecuteOrdersNode)),
            "Only ExecuteOrdersNode may call IOrderGateway.SubmitAsync; found:\n" + string.Join("\n", callers.Where(c => c.Owner != typeof(ExecuteOrdersNode)).Select(c => c.Where)));
        Assert.Contains(callers, c => c.Owner == typeof(ExecuteOrdersNode));
    }

    [Fact]
    public void TheScan_FindsACallerOutsideTheNode()
    {
        // The rule above can fail: a call from an async method (compiled into a nested state machine) is found.
        Assert.Contains(SubmitCallers(typeof(SneakySender)).Concat(typeof(SneakySender).GetNestedTypes(All).SelectMany(SubmitCallers)),
            c => c.Where.Contains(nameof(SneakySender)) && c.Owner != typeof(ExecuteOrdersNode));
    }

    private sealed class SneakySender(IOrderGateway gateway)
    {
        public async Task SendAsync(PlannedOrder order) => await gateway.SubmitAsync(order, null, null);
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every method of <paramref name="type"/> that calls SubmitAsync, with the outermost type declaring it
    /// (lambdas and async state machines are nested types of the type whose code they are).</summary>
    private static IEnumerable<(Type Owner, string Where)> SubmitCallers(Type type)
    {
        var owner = type;
        while (owner.DeclaringType is { } outer) owner = outer;
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            if (CompiledCode.CalledMethods(method).Any(IsSubmit))
                yield return (owner, $"{type.FullName}.{method.Name}");
    }

    private static bool IsSubmit(MethodBase m) =>
        m.Name == nameof(IOrderGateway.SubmitAsync) && m.DeclaringType is { } t && typeof(IOrderGateway).IsAssignableFrom(t);
}
