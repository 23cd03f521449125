using Microsoft.AspNetCore.SignalR;
using Serilog.Events;

namespace KisTrader.Web.Live;

/// <summary>
/// A hub method that refuses its arguments throws <see cref="HubException"/>: the caller's mistake, and its message is
/// what the caller sees. Logged here as one warning without a stack; SignalR's dispatcher would log each one as an error
/// with a stack (<see cref="IsDispatcherEchoOfRefusal"/> drops that line). Any other exception stays an error.
/// </summary>
public sealed class HubRefusalFilter(ILogger<HubRefusalFilter> log) : IHubFilter
{
    /// <summary>The category of SignalR's DefaultHubDispatcher&lt;THub&gt; ("Failed to invoke hub method").</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException ex)
        {
            log.LogWarning("Hub {Hub}.{HubMethod} refused a call from {UserName}: {Reason}", invocationContext.Hub.GetType().Name,
                invocationContext.HubMethodName, invocationContext.Context.User?.Identity?.Name ?? "(anonymous)", ex.Message);
            throw;
        }
    }

    /// <summary>The dispatcher's error line for a refusal this filter logged already.</summary>
    public static bool IsDispatcherEchoOfRefusal(LogEvent e) =>
        e.Exception is HubException
        && e.Properties.TryGetValue("SourceContext", out var v) && v is ScalarValue { Value: string category }
        && category.StartsWith(DispatcherCategory, StringComparison.Ordinal);
}
