namespace KisTrader.Tests.Conformance;

/// <summary>
/// The request shapes of Soju06/python-kis (commit 6fcde3fa), pykis/kis.py <c>PyKis.request()</c>/<c>fetch()</c>:
/// a requests.Session with <c>User-Agent: PyKis/…</c>; per call only <c>tr_id</c>, <c>tr_cont: N</c> on follow-up pages,
/// <c>appkey</c>/<c>appsecret</c> (pykis/client/appkey.py build) and <c>Authorization: Bearer …</c>
/// (pykis/api/auth/token.py build). No <c>custtype</c>, no Content-Type on GETs. Forms (pykis/client/account.py:
/// CANO, ACNT_PRDT_CD; pykis/client/page.py: lower-case ctx_area_fk100/ctx_area_nk100) are appended after the
/// call's own params (GET) or body fields (POST, sent as <c>json=</c>).
/// </summary>
public sealed class PyKisClient(HttpClient http, KisApp app)
{
    // pykis/__env__.py: USER_AGENT = f"PyKis/{VERSION}", VERSION "24+dev" in a source checkout.
    private const string UserAgent = "PyKis/24+dev";

    public string? Token { get; private set; }

    private static HttpRequestMessage Session(HttpMethod method, string url)
    {
        var r = new HttpRequestMessage(method, url);
        r.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return r;
    }

    /// <summary>pykis/api/auth/token.py token_issue(): fetch("/oauth2/tokenP", body={"grant_type": "client_credentials"},
    /// appkey_location="body", method="POST", auth=False) — appkey/appsecret appended to the body.</summary>
    public async Task<KisAnswer> TokenIssueAsync()
    {
        var r = Session(HttpMethod.Post, "/oauth2/tokenP");
        r.Content = KisWire.JsonContent(KisWire.PythonJson([new("grant_type", "client_credentials"), new("appkey", app.AppKey), new("appsecret", app.AppSecret)]));
        var answer = await KisWire.SendAsync(http, r);
        if (answer.Status == System.Net.HttpStatusCode.OK) Token = answer.Body.GetProperty("access_token").GetString();
        return answer;
    }

    /// <summary>pykis/api/auth/websocket.py websocket_approval_key(): fetch("/oauth2/Approval", body={"grant_type",
    /// "appkey", "secretkey"}, method="POST", auth=False, appkey_location=None).</summary>
    public Task<KisAnswer> ApprovalKeyAsync()
    {
        var r = Session(HttpMethod.Post, "/oauth2/Approval");
        r.Content = KisWire.JsonContent(KisWire.PythonJson([new("grant_type", "client_credentials"), new("appkey", app.AppKey), new("secretkey", app.AppSecret)]));
        return KisWire.SendAsync(http, r);
    }

    /// <summary>PyKis.fetch(path, api=trId, params/body, form=[account, page], continuous, method).</summary>
    public Task<KisAnswer> FetchAsync(string path, string trId, IEnumerable<KeyValuePair<string, string>> fields,
        string? cano = null, Page? page = null, bool continuous = false, bool post = false)
    {
        var all = fields.ToList();
        if (cano is not null) { all.Add(new("CANO", cano)); all.Add(new("ACNT_PRDT_CD", "01")); }
        if (page is not null) { all.Add(new("ctx_area_fk100", page.Search)); all.Add(new("ctx_area_nk100", page.Key)); }
        var r = Session(post ? HttpMethod.Post : HttpMethod.Get, post ? path : path + "?" + KisWire.PythonQuery(all));
        // fetch(): headers["tr_id"] = api; if continuous: headers["tr_cont"] = "N"; request(): appkey.build(headers),
        // then token.build(headers).
        r.Headers.TryAddWithoutValidation("tr_id", trId);
        if (continuous) r.Headers.TryAddWithoutValidation("tr_cont", "N");
        r.Headers.TryAddWithoutValidation("appkey", app.AppKey);
        r.Headers.TryAddWithoutValidation("appsecret", app.AppSecret);
        r.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Token}");
        if (post) r.Content = KisWire.JsonContent(KisWire.PythonJson(all));
        return KisWire.SendAsync(http, r);
    }

    /// <summary>pykis/client/page.py KisPage(size 100): the cursor sent back; empty on the first page.</summary>
    public sealed record Page(string Search, string Key)
    {
        public static Page First { get; } = new("", "");

        /// <summary>KisPage.__pre_init__: ctx_area_fk100 / ctx_area_nk100 of the answer.</summary>
        public static Page From(KisAnswer a) => new(a.Body.Str("ctx_area_fk100"), a.Body.Str("ctx_area_nk100"));
    }

    /// <summary>pykis/client/page.py to_page_status(): "F"/"M" → begin (more), "D"/"E" → end; anything else raises.</summary>
    public static bool IsLast(KisAnswer a) => a.Header("tr_cont") switch
    {
        "F" or "M" => false,
        "D" or "E" => true,
        var other => throw new Xunit.Sdk.XunitException($"tr_cont response header '{other}' is not one python-kis understands"),
    };
}
