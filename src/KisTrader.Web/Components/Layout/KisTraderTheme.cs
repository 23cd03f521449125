using MudBlazor;

namespace KisTrader.Web.Components.Layout;

/// <summary>The dashboard's palettes. Korean market colours (up red, down blue) stay in app.css: they mean the same in both.</summary>
public static class KisTraderTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            AppbarBackground = "#1f2a44",
            Background = "#f5f6fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            AppbarBackground = "#161b26",
        },
        Typography = new Typography
        {
            // The shipped Korean font first (AppFont): MudBlazor's default stack has no Hangul where the OS has no Korean font.
            Default = new DefaultTypography { FontFamily = [.. Shared.AppFont.Families] },
            // Sentence-case buttons: "Emergency stop" reads faster than a shouted label, and the app bar keeps one line.
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
