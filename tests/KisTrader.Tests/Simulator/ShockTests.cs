using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>The price shock of /sim/control/shock: the quote moves at once, inside today's limits.</summary>
public sealed class ShockTests
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static decimal Price(KisResponse r) => decimal.Parse(r.S("stck_prpr"), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Shock_Up12Percent_MovesTheLastPriceAtOnce()
    {
        await using var c = await StartAsync();
        var before = Price(await c.PriceAsync("005930"));
        var answer = await c.Http.PostAsync("/sim/control/shock", Body("{\"code\":\"005930\",\"percent\":12}"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var after = Price(await c.PriceAsync("005930"));
        Assert.InRange(after / before, 1.10m, 1.14m);
    }

    [Fact]
    public async Task Shock_Down_MovesThePriceDown_AndStaysWithinTheLowerLimit()
    {
        await using var c = await StartAsync();
        await c.Http.PostAsync("/sim/control/shock", Body("{\"code\":\"005930\",\"percent\":-29}"));
        await c.Http.PostAsync("/sim/control/shock", Body("{\"code\":\"005930\",\"percent\":-29}"));
        var quote = await c.PriceAsync("005930");
        var lower = decimal.Parse(quote.S("stck_llam"), CultureInfo.InvariantCulture);
        Assert.True(Price(quote) >= lower, $"price {Price(quote)} below the lower limit {lower}");
        Assert.True(decimal.Parse(quote.S("prdy_ctrt"), CultureInfo.InvariantCulture) < -25m);
    }

    [Theory]
    [InlineData("{\"code\":\"005930\",\"percent\":30}", HttpStatusCode.BadRequest)]
    [InlineData("{\"code\":\"005930\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"percent\":5}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"code\":\"999999\",\"percent\":5}", HttpStatusCode.NotFound)]
    public async Task Shock_BadRequest_IsRefusedAndMovesNothing(string body, HttpStatusCode expected)
    {
        await using var c = await StartAsync();
        var answer = await c.Http.PostAsync("/sim/control/shock", Body(body));
        Assert.Equal(expected, answer.StatusCode);
        var error = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
    }
}
