namespace KisTrader.Web.Components.Shared;

/// <summary>The dashboard's font stack, one list for app.css (<c>--kt-font-family</c>), the Plotly charts and the UI
/// library's theme. Noto Sans KR (shipped in lib/noto-sans-kr) comes first: where the OS has no Korean font, a stack
/// without it shows Korean names as boxes, and with it only as a fallback family Chromium left some names as boxes after
/// the face had loaded (docs/decisions.md, "Korean text").</summary>
public static class AppFont
{
    public static readonly IReadOnlyList<string> Families = ["Noto Sans KR", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"];

    /// <summary>As a CSS font-family value.</summary>
    public static string Css { get; } = string.Join(", ", Families.Select(f => f.Contains(' ') ? $"\"{f}\"" : f));
}
