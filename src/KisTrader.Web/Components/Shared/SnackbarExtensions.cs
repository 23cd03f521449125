using KisTrader.Core.Ports;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace KisTrader.Web.Components.Shared;

/// <summary>One look for every toast: a bold title over its detail.</summary>
public static class SnackbarExtensions
{
    public static void Notify(this ISnackbar snackbar, Severity severity, string title, string? detail = null) =>
        snackbar.Add(Body(title, detail), severity, o => o.VisibleStateDuration = severity == Severity.Error ? 15_000 : 6_000);

    public static void Notify(this ISnackbar snackbar, Notification n) => snackbar.Notify(n.Level switch
    {
        NotificationLevel.Error => Severity.Error,
        NotificationLevel.Warning => Severity.Warning,
        NotificationLevel.Success => Severity.Success,
        _ => Severity.Info,
    }, n.Title, n.Message);

    private static RenderFragment Body(string title, string? detail) => b =>
    {
        b.OpenElement(0, "div");
        b.AddAttribute(1, "class", "kt-toast");
        b.AddAttribute(2, "data-testid", "toast");
        b.OpenElement(3, "div");
        b.AddAttribute(4, "class", "kt-toast-title");
        b.AddContent(5, title);
        b.CloseElement();
        if (!string.IsNullOrEmpty(detail))
        {
            b.OpenElement(6, "div");
            b.AddAttribute(7, "class", "kt-toast-detail");
            b.AddContent(8, detail);
            b.CloseElement();
        }
        b.CloseElement();
    };
}
