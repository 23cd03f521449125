namespace KisTrader.Web.Components.Shared;

/// <summary>The dashboard's font stack, one list for app.css (<c>--kt-font-family</c>), the Plotly charts and the UI
/// library's theme. Noto Sans KR (shipped in lib/noto-sans-kr) comes last: Latin keeps the system font, and each Hangul
/// character falls back to it where the OS has no Korean font. A stack without it shows Korean names as boxes there.</summary>
public static class AppFont
{
    public static readonly IReadOnlyList<string> Families = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans KR", "sans-serif"];

    /// <summary>As a CSS font-family value.</summary>
    public static string Css { get; } = string.Join(", ", Families.Select(f => f.Contains(' ') ? $"\"{f}\"" : f));
}
