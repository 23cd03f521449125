using System.Text.Json;
using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>Plotly charts under the strict content security policy, and Korean names drawn with the shipped web font
/// (our headless Chromium has no CJK font: without it Hangul is drawn as missing-glyph boxes).</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChartAndFontTests(BrowserFixture fx)
{
    [Fact]
    public async Task Overview_DrawsTheEquityCurveWithItsDrawdownUnderIt_AsPlotlySvg_WithNoCspViolation()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);

        var chart = page.GetByTestId("equity-chart");
        await Expect(chart.Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(chart).ToHaveAttributeAsync("data-points", PositiveNumber());
        var points = int.Parse((await chart.GetAttributeAsync("data-points"))!);

        // Two traces on one time axis: the equity line and the drawdown area under it, each with every point.
        await Expect(chart.Locator(".scatterlayer .trace")).ToHaveCountAsync(2);
        var drawn = await chart.Locator(".js-plotly-plot").EvaluateAsync<int[]>("gd => gd.data.map(t => t.x.length)");
        Assert.Equal([points, points], drawn);
        var box = await chart.Locator("svg.main-svg").First.BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 200 }, $"the chart has a real size: {box?.Width}×{box?.Height}");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }

    [Fact]
    public async Task MarketPage_AKoreanInstrumentName_IsDrawnWithRealGlyphs_NotMissingGlyphBoxes()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("nav-market").ClickAsync();

        var name = page.Locator("[data-testid=watch-row][data-ticker='005930'] td").Nth(1);
        await Expect(name).ToHaveTextAsync("삼성전자");

        // Each character drawn in the cell's own font, compared with a code point no font has (U+10FFFD, private use):
        // a missing glyph is drawn as that same box. The cell's rendered width is compared the same way.
        var json = await name.EvaluateAsync<JsonElement>("""
            async cell => {
                const style = getComputedStyle(cell);
                const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const text = cell.textContent.trim();
                await document.fonts.load(font, text);
                await document.fonts.ready;
                const canvas = document.createElement('canvas');
                canvas.width = 96; canvas.height = 96;
                const ctx = canvas.getContext('2d', { willReadFrequently: true });
                const draw = ch => {
                    ctx.clearRect(0, 0, 96, 96);
                    ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
                    ctx.fillText(ch, 8, 8);
                    const d = ctx.getImageData(0, 0, 96, 96).data;
                    let bits = '', ink = 0;
                    for (let i = 3; i < d.length; i += 4) { bits += d[i] > 127 ? '1' : '0'; if (d[i] > 0) ink++; }
                    return { bits, ink, width: ctx.measureText(ch).width };
                };
                const tofu = draw('\u{10FFFD}');
                const width = t => {
                    const probe = document.createElement('span');
                    probe.style.font = font; probe.style.whiteSpace = 'pre'; probe.textContent = t;
                    cell.appendChild(probe);
                    const w = probe.getBoundingClientRect().width;
                    probe.remove();
                    return w;
                };
                return {
                    text, font,
                    faceLoaded: [...document.fonts].some(f => f.family.replace(/["']/g, '') === 'Noto Sans KR' && f.status === 'loaded'),
                    // For the report only: check() also answers true for a family with no face at all (seen here).
                    check: document.fonts.check(`16px "Noto Sans KR"`, text),
                    glyphs: [...text].map(ch => { const g = draw(ch); return { ch, ink: g.ink, width: g.width, sameAsMissing: g.bits === tofu.bits }; }),
                    // The cell's own text as laid out on the page, and the same characters in a new element.
                    cellWidth: (() => { const r = document.createRange(); r.selectNodeContents(cell); return r.getBoundingClientRect().width; })(),
                    textWidth: width(text),
                    missingWidth: width('\u{10FFFD}'.repeat([...text].length)),
                };
            }
            """);
        var report = json.ToString();
        Assert.Equal("삼성전자", json.GetProperty("text").GetString());
        Assert.True(json.GetProperty("faceLoaded").GetBoolean(), "a Noto Sans KR face was loaded: " + report);
        foreach (var g in json.GetProperty("glyphs").EnumerateArray())
        {
            Assert.True(g.GetProperty("ink").GetInt32() > 0 && g.GetProperty("width").GetDouble() > 0, "the glyph has ink and width: " + report);
            Assert.False(g.GetProperty("sameAsMissing").GetBoolean(), $"'{g.GetProperty("ch")}' is not the missing-glyph box: " + report);
        }
        var textWidth = json.GetProperty("textWidth").GetDouble();
        Assert.True(textWidth > 0 && Math.Abs(textWidth - json.GetProperty("missingWidth").GetDouble()) > 0.5,
            "the rendered name is not as wide as as many missing-glyph boxes: " + report);
        Assert.True(Math.Abs(json.GetProperty("cellWidth").GetDouble() - textWidth) < 0.5, "the cell on the page is laid out with the same glyphs: " + report);
        await BrowserFixture.ScreenshotAsync(page, "market-korean");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }

    [GeneratedRegex("^[1-9][0-9]*$")]
    private static partial Regex PositiveNumber();
}
