using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using KisTrader.Testing;

namespace KisTrader.Tests.Hosting;

/// <summary>One endpoint of the app's static assets manifest (the <c>*.staticwebassets.endpoints.json</c> next to the
/// app): a route, the Accept-Encoding it is chosen for (none, gzip, br; a route ending in .gz is answered gzip-encoded
/// without being asked), the encoding it answers with and the length the manifest promises.</summary>
internal sealed record ManifestEndpoint(string Route, string? Encoding, string? ContentEncoding, long Length)
{
    public override string ToString() => Encoding is null ? "/" + Route : $"/{Route} ({Encoding})";

    /// <summary>The route of the uncompressed file this endpoint encodes.</summary>
    public string PlainRoute => Encoding is not null || ContentEncoding is null ? Route : Route[..Route.LastIndexOf('.')];

    public static IReadOnlyList<ManifestEndpoint> Read(string appDll)
    {
        var path = Path.Combine(Path.GetDirectoryName(appDll)!, "KisTrader.Web.staticwebassets.endpoints.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.GetProperty("Endpoints").EnumerateArray().Select(e => new ManifestEndpoint(
            e.GetProperty("Route").GetString()!,
            e.GetProperty("Selectors").EnumerateArray().Where(s => s.GetProperty("Name").GetString() == "Content-Encoding")
                .Select(s => s.GetProperty("Value").GetString()).FirstOrDefault(),
            e.GetProperty("ResponseHeaders").EnumerateArray().Where(h => h.GetProperty("Name").GetString() == "Content-Encoding")
                .Select(h => h.GetProperty("Value").GetString()).FirstOrDefault(),
            long.Parse(e.GetProperty("ResponseHeaders").EnumerateArray()
                .First(h => h.GetProperty("Name").GetString() == "Content-Length").GetProperty("Value").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture)))];
    }
}

internal static partial class StaticAssetProbe
{
    /// <summary>Requests every endpoint as a browser that accepts exactly its encoding would, anonymously (static files
    /// are public); returns what did not answer 200 with the promised encoding and the file's content length (after
    /// decoding: from the build output the framework compresses on the fly, to its own length).</summary>
    public static async Task<IReadOnlyList<string>> FailuresAsync(AppProcess app, IReadOnlyList<ManifestEndpoint> endpoints)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = app.BaseUrl,
        };
        var plainLength = endpoints.Where(e => e.ContentEncoding is null).GroupBy(e => e.Route).ToDictionary(g => g.Key, g => g.First().Length);
        var failures = new List<string>();
        foreach (var e in endpoints)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, e.Route);
            if (e.Encoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", e.Encoding);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var encoding = response.Content.Headers.ContentEncoding.FirstOrDefault();
            var length = encoding is null ? body.Length : Decode(body, encoding)?.Length ?? -1;
            var expected = e.ContentEncoding is null ? e.Length : plainLength.GetValueOrDefault(e.PlainRoute, -2);
            if (response.StatusCode != HttpStatusCode.OK || encoding != e.ContentEncoding || length != expected)
                failures.Add($"{e}: {(int)response.StatusCode}, encoding {encoding ?? "none"}, {length} bytes (decoded) of {expected}");
        }
        return failures;
    }

    private static byte[]? Decode(byte[] body, string encoding)
    {
        try
        {
            using Stream decoder = encoding switch
            {
                "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
                "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
                _ => throw new InvalidDataException("unknown encoding " + encoding),
            };
            using var plain = new MemoryStream();
            decoder.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Error or fatal lines the app printed (the console sink: "[HH:mm:ss ERR] …").</summary>
    public static IReadOnlyList<string> ErrorLines(AppProcess app) =>
        [.. app.StandardOutput.Split('\n').Where(l => ErrorLine().IsMatch(l))];

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d (ERR|FTL)\]")]
    private static partial Regex ErrorLine();
}
