namespace KisTrader.Kis.Rest;

/// <summary>One KIS REST call. GETs carry query parameters; POSTs a body serialised once, so the hashkey and the
/// order are computed over the same bytes.</summary>
internal sealed record KisRequest(HttpMethod Method, string Path, string TrId, IReadOnlyList<KeyValuePair<string, string>> Query, string? Body = null, string TrCont = "")
{
    public static KisRequest Get(string path, string trId, params (string Name, string Value)[] query) =>
        new(HttpMethod.Get, path, trId, query.Select(q => KeyValuePair.Create(q.Name, q.Value)).ToList());

    public static KisRequest Post(string path, string trId, string body) => new(HttpMethod.Post, path, trId, [], body);

    /// <summary>The next page: tr_cont N and the continuation keys from the previous body, unchanged.</summary>
    public KisRequest NextPage(IReadOnlyDictionary<string, string> continuation)
    {
        var query = Query.ToList();
        foreach (var (name, value) in continuation)
        {
            var i = query.FindIndex(q => string.Equals(q.Key, name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) query[i] = KeyValuePair.Create(query[i].Key, value);
            else query.Add(KeyValuePair.Create(name, value));
        }
        return this with { Query = query, TrCont = "N" };
    }

    public string PathAndQuery
    {
        get
        {
            if (Query.Count == 0) return Path;
            return Path + "?" + string.Join("&", Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        }
    }
}
