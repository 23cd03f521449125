using System.Text;
using System.Text.Json;

namespace KisTrader.Web.Hosting.Errors;

/// <summary>What a client is told about a request the framework could not read (a <see cref="BadHttpRequestException"/>):
/// where its JSON broke, or the binder's own sentence (it names parameters and types, never server state).</summary>
public static class BadRequestText
{
    private const int MaxLength = 300;

    public static string Describe(BadHttpRequestException bad)
    {
        for (Exception? e = bad; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
                // The reader's own exception inside means the text is not JSON at all; otherwise a value has the wrong type.
                return (json.InnerException is JsonException ? "The request body is not valid JSON" : "The request body's JSON does not fit this endpoint")
                    + Where(json) + ".";
        }
        // The binder's sentence for a missing body ends "Did you mean to use a Service instead?", a hint for our own code.
        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
            return "The request has no body; this endpoint needs a JSON body.";
        return Clean(bad.Message);
    }

    private static string Where(JsonException json)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(json.Path)) parts.Add("at " + json.Path);
        // The reader counts from 0; people count from 1.
        if (json.LineNumber is { } line) parts.Add($"line {line + 1}");
        if (json.BytePositionInLine is { } position) parts.Add($"position {position + 1}");
        return parts.Count == 0 ? "" : $" ({Clean(string.Join(", ", parts))})";
    }

    /// <summary>No control characters (a request may carry them into a message) and a bounded length.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text)
        {
            if (sb.Length >= MaxLength) { sb.Append('…'); break; }
            sb.Append(char.IsControl(c) ? ' ' : c);
        }
        return sb.ToString();
    }
}
