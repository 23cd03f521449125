using System.Reflection;

namespace KisTrader.Tests.Architecture;

public sealed class DependencyTests
{
    [Fact]
    public void Core_ReferencesOnlyTheBaseClassLibrary()
    {
        var core = typeof(KisTrader.Core.Trades.TradeRecord).Assembly;
        var allowed = new[] { "System.", "netstandard", "mscorlib", "MathNet.Numerics" };
        var offenders = core.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n != "System" && !allowed.Any(p => n.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(offenders);
        Assert.DoesNotContain(core.GetReferencedAssemblies(), a => a.Name!.StartsWith("System.Net.Http", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulator_DoesNotReferenceTheKisClient()
    {
        var simulator = Assembly.Load("KisTrader.Simulator");
        Assert.DoesNotContain(simulator.GetReferencedAssemblies(), a => a.Name == "KisTrader.Kis");
        var project = File.ReadAllText(Path.Combine(KisTrader.Testing.AppProcess.RepoRoot, "src", "KisTrader.Simulator", "KisTrader.Simulator.csproj"));
        Assert.DoesNotContain("KisTrader.Kis.csproj", project);
    }
}
