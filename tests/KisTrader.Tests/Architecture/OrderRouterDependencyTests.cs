using System.Reflection;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Architecture;

/// <summary>"Where does an order get risk-checked?" One hop: only OrderGateway may hold the order router, so nothing
/// can reach the broker around the risk engine and the ledger.</summary>
public sealed class OrderRouterDependencyTests
{
    private static readonly string[] ProductAssemblies = ["KisTrader.Core", "KisTrader.Kis", "KisTrader.Data", "KisTrader.Simulator", "KisTrader.Web"];

    private static IEnumerable<Assembly> KisTraderAssemblies()
    {
        foreach (var name in ProductAssemblies) Assembly.Load(name);
        var test = typeof(OrderRouterDependencyTests).Assembly;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name!.StartsWith("KisTrader", StringComparison.Ordinal) && a != test && !a.IsDynamic)
            .DistinctBy(a => a.GetName().Name);
    }

    private static bool Mentions(Type t) =>
        t == typeof(IOrderRouter)
        || (t.HasElementType && Mentions(t.GetElementType()!))
        || (t.IsGenericType && t.GetGenericArguments().Any(Mentions));

    private static bool Allowed(Type t)
    {
        for (var x = t; x is not null; x = x.DeclaringType)
            if (x == typeof(OrderGateway) || (typeof(IOrderRouter).IsAssignableFrom(x) && x.IsClass)) return true;
        return false;
    }

    internal static IEnumerable<string> Dependencies(Type t)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var f in t.GetFields(all).Where(f => Mentions(f.FieldType))) yield return $"{t.FullName}: field {f.Name}";
        foreach (var p in t.GetProperties(all).Where(p => Mentions(p.PropertyType))) yield return $"{t.FullName}: property {p.Name}";
        foreach (var c in t.GetConstructors(all).Where(c => c.GetParameters().Any(p => Mentions(p.ParameterType)))) yield return $"{t.FullName}: constructor";
        foreach (var m in t.GetMethods(all).Where(m => m.GetParameters().Any(p => Mentions(p.ParameterType)))) yield return $"{t.FullName}: method {m.Name}";
    }

    [Fact]
    public void OnlyOrderGateway_AndRouterImplementations_DependOnTheOrderRouter()
    {
        var assemblies = KisTraderAssemblies().ToList();
        Assert.Superset(ProductAssemblies.ToHashSet(), assemblies.Select(a => a.GetName().Name!).ToHashSet());
        var offenders = assemblies.SelectMany(CompiledCode.TypesOf).Where(t => !Allowed(t)).SelectMany(Dependencies).ToList();
        Assert.True(offenders.Count == 0, "Only OrderGateway may depend on IOrderRouter; found:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheScan_FindsAnOffender()
    {
        // The rule above can fail: a type holding the router is reported.
        Assert.NotEmpty(Dependencies(typeof(SneakyBypass)));
        Assert.NotEmpty(Dependencies(typeof(OrderGateway)));
    }

    private sealed class SneakyBypass(IOrderRouter router)
    {
        public IOrderRouter Router => router;
    }
}
