using System.Text.Json;
using KisTrader.Web.Hosting.Errors;
using Microsoft.AspNetCore.Http;

namespace KisTrader.Tests.Web.Security;

/// <summary>Which requests get problem details, and what a client is told about a request the framework could not read.</summary>
public sealed class ErrorTextTests
{
    [Theory]
    [InlineData("/api/trading/state", "text/html,application/xhtml+xml", true)] // the API, even from a browser tab
    [InlineData("/reflection/r-1", "text/html,application/xhtml+xml,*/*;q=0.8", false)] // a page a browser navigates to
    [InlineData("/reflection/r-1", "text/html; blazor-enhanced-nav=on", false)] // Blazor's enhanced navigation
    [InlineData("/account/login", "*/*", true)] // curl, fetch
    [InlineData("/account/login", null, true)] // a script that says nothing
    [InlineData("/", "application/json", true)]
    public void ProblemDetails_GoToTheApiAndToEveryRequestThatDidNotAskForHtml(string path, string? accept, bool problemDetails)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        if (accept is not null) http.Request.Headers.Accept = accept;
        Assert.Equal(problemDetails, ErrorPolicy.AnswersWithProblemDetails(http.Request));
    }

    [Fact]
    public void BrokenJson_IsNamedAsSuch_WithWhereItBroke_CountedFromOne()
    {
        var reader = new JsonException("'h' is an invalid end of a literal.", "$.reason", 0, 16);
        var serializer = new JsonException("Deserialization failed.", "$.reason", 0, 16, reader);
        var bad = new BadHttpRequestException("Failed to read parameter \"ReasonRequest r\" from the request body as JSON.", 400, serializer);
        Assert.Equal("The request body is not valid JSON (at $.reason, line 1, position 17).", BadRequestText.Describe(bad));
    }

    [Fact]
    public void JsonOfTheWrongShape_IsToldApartFromBrokenJson()
    {
        var bad = new BadHttpRequestException("Failed to read parameter.", 400, new JsonException("The JSON value could not be converted to System.String.", "$.reason", 0, 12));
        Assert.Equal("The request body's JSON does not fit this endpoint (at $.reason, line 1, position 13).", BadRequestText.Describe(bad));
    }

    [Fact]
    public void OtherMessages_LoseControlCharacters_AndStayShort()
    {
        var bad = new BadHttpRequestException("Failed to bind parameter \"int n\" from \"a\0b\r\n" + new string('x', 1000) + "\".", 400);
        var text = BadRequestText.Describe(bad);
        Assert.DoesNotContain(text, char.IsControl);
        Assert.True(text.Length <= 301, $"{text.Length} characters");
        Assert.StartsWith("Failed to bind parameter \"int n\" from \"a b  x", text);
    }
}
