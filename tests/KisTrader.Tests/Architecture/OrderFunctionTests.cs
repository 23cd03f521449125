using System.Reflection;
using System.Reflection.Emit;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Kis;

namespace KisTrader.Tests.Architecture;

/// <summary>
/// "No way around the gateway": nothing outside the KIS adapter can call a function that places, amends or cancels an
/// order. The order functions are found by their shape (a public method of the KIS adapter, or of the order router
/// port, that answers with the broker's <see cref="OrderSubmission"/>), together with everything that hands one out (a
/// member returning a type that has them, such as KisClient.Orders). The compiled code of every other product assembly
/// (the web project's pages and services included: Razor compiles to the same IL) is read instruction by instruction;
/// a call, constructor or delegate of one of those members is allowed only in OrderGateway, in the broker runtime that
/// owns the KIS client, and in the composition that hands the router to OrderGateway (TradingServices).
/// </summary>
public sealed class OrderFunctionTests
{
    private static readonly string[] Scanned = ["KisTrader.Core", "KisTrader.Data", "KisTrader.Simulator", "KisTrader.Web"];
    private static readonly string[] AllowedHolders = ["KisTrader.Web.Broker.BrokerRuntime", "KisTrader.Web.Trading.TradingServices"];

    [Fact]
    public void OrderFunctions_AreFoundByTheirShape()
    {
        var names = OrderFunctions().Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "KisOrderRouter.PlaceAsync", "KisOrderRouter.AmendAsync", "KisOrderRouter.CancelAsync",
            "IOrderRouter.PlaceAsync", "IOrderRouter.AmendAsync", "IOrderRouter.CancelAsync",
        }, names);
        // The REST functions behind the router are the adapter's own (internal), not part of its public API.
        Assert.DoesNotContain(names, n => n.StartsWith("KisRestApi.", StringComparison.Ordinal));
        Assert.Contains(typeof(KisClient), OrderCapableTypes());
    }

    [Fact]
    public void NothingOutsideTheKisAdapter_ReachesAnOrderFunction_ButTheGatewayAndItsComposition()
    {
        var offenders = Scanned.Select(Assembly.Load).SelectMany(OrderReferences).Where(r => !Allowed(r.Caller)).Select(r => r.Text).ToList();
        Assert.True(offenders.Count == 0, "Only OrderGateway may reach the broker's order functions; found:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheWebProject_GetsOnlyNarrowBrokerPorts()
    {
        var web = Assembly.Load("KisTrader.Web");
        var runtime = web.GetType("KisTrader.Web.Broker.BrokerRuntime", throwOnError: true)!;
        var capable = OrderCapableTypes();
        var handOuts = runtime.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m is PropertyInfo p && capable.Contains(p.PropertyType) || m is MethodInfo mi && capable.Contains(mi.ReturnType))
            .Select(m => m.Name).ToList();
        Assert.Empty(handOuts);
    }

    [Fact]
    public void TheScan_FindsACallThatBypassesTheGateway()
    {
        var found = OrderReferences(typeof(OrderFunctionTests).Assembly).Where(r => r.Caller == typeof(Bypass)).Select(r => r.Text).ToList();
        Assert.Contains(found, t => t.Contains("KisClient.get_Orders", StringComparison.Ordinal));
        Assert.Contains(found, t => t.Contains("KisOrderRouter.PlaceAsync", StringComparison.Ordinal));
        Assert.Contains(found, t => t.Contains("IOrderRouter.CancelAsync", StringComparison.Ordinal));
        // And it reads the web project: the one hand-over to the gateway is seen (and allowed).
        var web = OrderReferences(Assembly.Load("KisTrader.Web")).Select(r => r.Text).ToList();
        Assert.Contains(web, t => t.StartsWith("KisTrader.Web.Trading.TradingServices", StringComparison.Ordinal) && t.Contains("get_OrderRouter", StringComparison.Ordinal));
    }

    private sealed class Bypass
    {
        public static Task<OrderSubmission> Buy(KisClient client, OrderRequest order) => client.Orders.PlaceAsync(order);

        public static Func<ModifyRequest, CancellationToken, Task<OrderSubmission>> Cancel(IOrderRouter router) => router.CancelAsync;
    }

    private static bool Allowed(Type caller)
    {
        for (var t = caller; t is not null; t = t.DeclaringType)
            if (t == typeof(OrderGateway) || AllowedHolders.Contains(t.FullName)) return true;
        return false;
    }

    private static bool AnswersWithASubmission(Type t) =>
        t == typeof(Task<OrderSubmission>) || t == typeof(ValueTask<OrderSubmission>);

    /// <summary>The public members of the KIS adapter (and of the router port) that send an order to the broker.</summary>
    internal static IReadOnlyList<MethodInfo> OrderFunctions()
    {
        var types = typeof(KisClient).Assembly.GetExportedTypes().Append(typeof(IOrderRouter));
        return [.. types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => AnswersWithASubmission(m.ReturnType))];
    }

    /// <summary>Types with an order function, and the adapter's types that hand one of those out (to a fixpoint).</summary>
    internal static HashSet<Type> OrderCapableTypes()
    {
        var capable = OrderFunctions().Select(m => m.DeclaringType!).ToHashSet();
        var exported = typeof(KisClient).Assembly.GetExportedTypes();
        bool grew;
        do
        {
            grew = false;
            foreach (var t in exported.Where(t => !capable.Contains(t)))
            {
                var handsOut = t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(p => capable.Contains(p.PropertyType))
                    || t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => capable.Contains(m.ReturnType));
                if (handsOut) grew = capable.Add(t);
            }
        } while (grew);
        return capable;
    }

    private static bool ReachesAnOrder(MethodBase target, HashSet<Type> capable) => target switch
    {
        MethodInfo m => AnswersWithASubmission(m.ReturnType) && capable.Contains(m.DeclaringType!) || capable.Contains(m.ReturnType),
        ConstructorInfo c => capable.Contains(c.DeclaringType!),
        _ => false,
    };

    internal sealed record Reference(Type Caller, string Text);

    /// <summary>Every call, constructor call or delegate in <paramref name="assembly"/>'s code whose target is an order
    /// function or hands one out.</summary>
    internal static IEnumerable<Reference> OrderReferences(Assembly assembly)
    {
        var capable = OrderCapableTypes();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in CompiledCode.TypesOf(assembly))
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                foreach (var target in CompiledCode.CalledMethods(method))
                    if (ReachesAnOrder(target, capable))
                        yield return new Reference(type, $"{type.FullName}.{method.Name} uses {target.DeclaringType?.Name}.{target.Name}");
            }
        }
    }
}
