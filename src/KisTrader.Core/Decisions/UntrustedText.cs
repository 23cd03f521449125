using System.Globalization;
using System.Text;

namespace KisTrader.Core.Decisions;

/// <summary>Free text from an untrusted source (an LLM, market data) is kept as data: control and invisible format
/// characters (bidi overrides, zero-width) are removed, line breaks and tabs become spaces. Nothing in the text is
/// ever interpreted.</summary>
public static class UntrustedText
{
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is '\n' or '\r' or '\t') sb.Append(' ');
            else if (char.IsControl(ch) || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format) continue;
            else sb.Append(ch);
        }
        return sb.ToString().Trim();
    }

    /// <summary>A short, cleaned rendering of a raw value for an error message.</summary>
    public static string Quote(string raw, int max = 40)
    {
        var clean = Clean(raw);
        return clean.Length <= max ? clean : clean[..max] + "…";
    }
}
