using System.Security.Cryptography;
using System.Text;

namespace KisTrader.Core.Decisions.Caching;

/// <summary>
/// The cache key of one LLM request: lowercase hex SHA-256 of a canonical encoding of everything that shapes the answer.
/// Encoding (stable across processes, platforms and versions; change <see cref="Version"/> if it ever changes):
/// the ASCII line <c>kistrader-llm-cache/v1</c> + LF, then for each of model, system prompt, user prompt, schema name and
/// schema, in that order: the field's UTF-8 byte length in decimal ASCII, a colon, the UTF-8 bytes, and LF. The length
/// prefix makes the encoding unambiguous (no two field lists encode alike), so any changed byte changes the key.
/// The model is "" when the caller does not know it.
/// </summary>
public static class LlmCacheKey
{
    public const string Version = "kistrader-llm-cache/v1";

    public static string Compute(string model, string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema) =>
        Convert.ToHexStringLower(SHA256.HashData(Encode(model, systemPrompt, userPrompt, jsonSchemaName, jsonSchema)));

    /// <summary>The bytes that are hashed (exposed so the encoding can be checked independently).</summary>
    public static byte[] Encode(params string[] fields)
    {
        using var buffer = new MemoryStream();
        Write(buffer, Encoding.ASCII.GetBytes(Version + "\n"));
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            Write(buffer, Encoding.ASCII.GetBytes(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":"));
            Write(buffer, bytes);
            Write(buffer, "\n"u8.ToArray());
        }
        return buffer.ToArray();
    }

    private static void Write(MemoryStream s, byte[] bytes) => s.Write(bytes, 0, bytes.Length);
}
