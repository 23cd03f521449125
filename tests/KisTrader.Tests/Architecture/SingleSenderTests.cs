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
        var callers = ProductAssemblies.Select(Assembly.Load).SelectMany(TypesOf).SelectMany(SubmitCallers).Distinct().ToList();

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
            if (CalledMethods(method).Any(IsSubmit))
                yield return (owner, $"{type.FullName}.{method.Name}");
    }

    private static bool IsSubmit(MethodBase m) =>
        m.Name == nameof(IOrderGateway.SubmitAsync) && m.DeclaringType is { } t && typeof(IOrderGateway).IsAssignableFrom(t);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The methods a method body calls, creates or takes a pointer to (call, callvirt, newobj, ldftn).</summary>
    internal static IEnumerable<MethodBase> CalledMethods(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception ex) when (ex is InvalidOperationException or BadImageFormatException or NotSupportedException)
        {
            yield break;
        }
        if (il is null) yield break;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            if (op.OperandType == OperandType.InlineMethod)
            {
                var token = BitConverter.ToInt32(il, i);
                MethodBase? target = null;
                try
                {
                    target = method.Module.ResolveMethod(token, typeArgs, methodArgs);
                }
                catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
                {
                    // A method of an assembly this test does not load cannot be the gateway's.
                }
                if (target is not null) yield return target;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    private static Type[] TypesOf(Assembly a)
    {
        try
        {
            return a.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return [.. ex.Types.Where(t => t is not null).Cast<Type>()];
        }
    }
}
