using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace KisTrader.Web.Components.Shared;

/// <summary>What every Plotly chart of the dashboard shares: the app's font stack (<see cref="AppFont"/>: Korean names in
/// SVG labels render with the shipped Noto Sans KR), a transparent background, no mode bar, and the Korean market colours (up red, down blue).</summary>
public static class ChartStyle
{
    public const string Up = "#d32f2f";
    public const string Down = "#1565c0";
    public const string Line = "#3f51b5";
    // Mid-grey text and a translucent grid read on the light and the dark theme alike (the charts draw on a transparent background).
    public const string Grid = "rgba(128,128,128,0.25)";
    public const string Text = "#8a8f98";

    /// <summary>Time axes show KST (UTC+9, no daylight saving), as plain date-time strings Plotly does not shift.</summary>
    public static string KstAxisTime(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm:ss");

    public static Config NewConfig() => new()
    {
        DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False,
        DisplayLogo = false,
        Responsive = true,
    };

    public static Plotly.Blazor.Layout NewLayout() => new()
    {
        Font = new Font { Family = AppFont.Css, Size = 12, Color = Text },
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        ShowLegend = false,
        Margin = new Margin { L = 72, R = 16, T = 8, B = 36 },
    };
}
