using System.Collections;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KisTrader.Core.Security;
using KisTrader.Web.Hosting;

namespace KisTrader.Web.ConfigHistory;

/// <summary>
/// The effective configuration as canonical JSON: every section of <see cref="AppSettings"/> with every readable
/// property (bound keys and what the app derives from them), object keys in ordinal order at every level, indented one
/// key per line, so two texts are equal exactly when the configurations are and a line diff shows what changed.
/// Secrets are never in it: a secret setting shows as "***" when set (null when not), a connection string without its
/// password, a webhook URL without its path and query, and every registered secret is masked wherever it appears.
/// </summary>
public static partial class EffectiveConfiguration
{
    private static readonly JsonSerializerOptions LeafOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // Korean text and '+' stay readable in the stored text and the diff.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Settings that are credentials by name (whatever section a later issue adds them to); only text values.</summary>
    [GeneratedRegex("(key|secret|password|token|accountnumber|credential)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<pre>(?:^|;)\s*(?:password|pwd)\s*=\s*)[^;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringPassword();

    public static string Build(AppSettings settings, SecretRedactor redactor)
    {
        var root = new JsonObject();
        foreach (var p in typeof(AppSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var section = p.PropertyType.GetCustomAttribute<Hosting.Options.OptionsSectionAttribute>()?.Name;
            if (section is null) continue;
            root[section] = ToNode(p.GetValue(settings), p.Name, redactor, depth: 0);
        }
        return Canonical(root);
    }

    /// <summary><paramref name="node"/> with the keys of every object in ordinal order, indented.</summary>
    public static string Canonical(JsonNode? node) => (Sorted(node)?.ToJsonString(WriteOptions) ?? "null").ReplaceLineEndings("\n");

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? ToNode(object? value, string name, SecretRedactor redactor, int depth)
    {
        if (depth > 8) throw new InvalidOperationException($"The configuration nests too deep at '{name}'.");
        switch (value)
        {
            case null:
                return null;
            case string s:
                return JsonValue.Create(RedactText(name, s, redactor));
            case Uri uri:
                return JsonValue.Create(RedactUri(name, uri, redactor));
            case IDictionary dict:
                var d = new JsonObject();
                foreach (DictionaryEntry e in dict) d[e.Key.ToString() ?? ""] = ToNode(e.Value, e.Key.ToString() ?? "", redactor, depth + 1);
                return d;
            case IEnumerable list:
                return new JsonArray([.. list.Cast<object?>().Select(item => ToNode(item, name, redactor, depth + 1))]);
        }
        var type = value.GetType();
        if (type.Namespace?.StartsWith("KisTrader", StringComparison.Ordinal) == true && type.IsClass)
        {
            var o = new JsonObject();
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanRead))
                o[p.Name] = ToNode(p.GetValue(value), p.Name, redactor, depth + 1);
            return o;
        }
        // Numbers, booleans, enums (by name), times.
        return JsonSerializer.SerializeToNode(value, type, LeafOptions);
    }

    private static string RedactText(string name, string text, SecretRedactor redactor)
    {
        if (name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase))
            return redactor.Redact(ConnectionStringPassword().Replace(text, m => m.Groups["pre"].Value + SecretRedactor.Mask));
        if (SecretName().IsMatch(name)) return text.Length == 0 ? "" : SecretRedactor.Mask;
        return redactor.Redact(text);
    }

    // A webhook's path carries its token (Slack: /services/T…/B…/secret): keep only where it points.
    private static string RedactUri(string name, Uri uri, SecretRedactor redactor)
    {
        if (SecretName().IsMatch(name)) return SecretRedactor.Mask;
        if (name.Contains("Webhook", StringComparison.OrdinalIgnoreCase) && uri.IsAbsoluteUri)
            return $"{uri.Scheme}://{uri.Authority}/{SecretRedactor.Mask}";
        var text = uri.IsAbsoluteUri && !string.IsNullOrEmpty(uri.UserInfo) ? uri.ToString().Replace(uri.UserInfo + "@", SecretRedactor.Mask + "@", StringComparison.Ordinal) : uri.ToString();
        return redactor.Redact(text);
    }
}
