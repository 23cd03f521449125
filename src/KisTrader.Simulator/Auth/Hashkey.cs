using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KisTrader.Simulator.Auth;

/// <summary>
/// The hashkey of a JSON body: SHA-256 (64 hex) over a canonical form (keys sorted, values as text),
/// so the same fields give the same hash whatever the key order or whitespace of the client's serialiser.
/// </summary>
public static class Hashkey
{
    public static string Compute(JsonElement body)
    {
        var canonical = new StringBuilder();
        if (body.ValueKind == JsonValueKind.Object)
            foreach (var p in body.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                canonical.Append(p.Name).Append('=').Append(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()).Append('\n');
        else canonical.Append(body.GetRawText());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
