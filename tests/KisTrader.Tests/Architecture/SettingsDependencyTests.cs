using System.Reflection;
using KisTrader.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KisTrader.Tests.Architecture;

/// <summary>One options family per concern: <see cref="AppSettings"/> binds and validates every section once and
/// registers each as <c>IOptions&lt;T&gt;</c>; runtime components take the sections they need, never the whole settings.
/// Only composition (the static <c>…Services</c>/<c>…Setup</c>/<c>…Host</c> classes, whose functions take the settings to
/// bind them), the command line and the configuration history (which renders every section) see AppSettings; none of them
/// takes it in a constructor but the history. Checked on the compiled types: constructor parameters (IOptions of it too)
/// and pulls from the container (GetService/GetRequiredService of it).</summary>
public sealed class SettingsDependencyTests
{
    private static readonly string[] ProductAssemblies = ["KisTrader.Core", "KisTrader.Kis", "KisTrader.Data", "KisTrader.Simulator", "KisTrader.Web"];

    [Fact]
    public void NoRuntimeComponent_TakesTheWholeSettings()
    {
        var offenders = ProductAssemblies.Select(Assembly.Load).SelectMany(CompiledCode.TypesOf)
            .Where(t => !IsComposition(Outermost(t)))
            .SelectMany(SettingsUses).Distinct().ToList();

        Assert.True(offenders.Count == 0, "Take IOptions<T> of the sections needed instead of AppSettings:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheCheck_FindsAConstructorParameterAndAPullFromTheContainer()
    {
        Assert.Contains(SettingsUses(typeof(TakesSettings)), u => u.Contains("constructor"));
        Assert.Contains(SettingsUses(typeof(TakesOptionsOfSettings)), u => u.Contains("constructor"));
        Assert.Contains(SettingsUses(typeof(PullsSettings)), u => u.Contains(nameof(PullsSettings.Read)));
        Assert.Empty(SettingsUses(typeof(TakesItsSection)));
        Assert.False(IsComposition(typeof(SettingsDependencyTests)));
        Assert.True(IsComposition(typeof(KisTrader.Web.Scheduling.SchedulingSetup)));
    }

    private sealed class TakesSettings(AppSettings settings)
    {
        public bool Simulated => settings.Kis.Environment == KisTrader.Web.Hosting.Options.KisEnvironment.Simulator;
    }

    private sealed class TakesOptionsOfSettings(IOptions<AppSettings> settings)
    {
        public AppSettings Value => settings.Value;
    }

    private sealed class PullsSettings(IServiceProvider services)
    {
        public bool Read() => services.GetRequiredService<AppSettings>().Trading.ScheduleEnabled;
    }

    private sealed class TakesItsSection(IOptions<KisTrader.Web.Hosting.Options.TradingOptions> trading)
    {
        public bool Scheduled => trading.Value.ScheduleEnabled;
    }

    private static Type Outermost(Type t)
    {
        while (t.DeclaringType is { } outer) t = outer;
        return t;
    }

    /// <summary>Composition binds the settings: static classes named …Services/…Setup/…Host (and the host class), the command
    /// line, the configuration history, and AppSettings itself.</summary>
    private static bool IsComposition(Type t) =>
        t == typeof(AppSettings) || t == typeof(KisTraderHost)
        || t is { IsAbstract: true, IsSealed: true } && (t.Name.EndsWith("Services", StringComparison.Ordinal) || t.Name.EndsWith("Setup", StringComparison.Ordinal)
            || t.Name.EndsWith("Host", StringComparison.Ordinal))
        || t.Namespace is "KisTrader.Web.Cli" or "KisTrader.Web.ConfigHistory";

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<string> SettingsUses(Type type)
    {
        foreach (var ctor in type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            if (ctor.GetParameters().Any(p => MentionsSettings(p.ParameterType)))
                yield return $"{type.FullName}: constructor takes AppSettings";
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            if (CompiledCode.CalledMethods(method).Any(PullsFromContainer))
                yield return $"{type.FullName}.{method.Name}: pulls AppSettings from the container";
    }

    private static bool MentionsSettings(Type t) =>
        t == typeof(AppSettings) || t.IsGenericType && t.GetGenericArguments().Any(MentionsSettings);

    private static bool PullsFromContainer(MethodBase m) =>
        m is MethodInfo { IsGenericMethod: true } g && g.Name is "GetService" or "GetRequiredService" && g.GetGenericArguments().Any(MentionsSettings);
}
