namespace KisTrader.Tests.Conformance;

/// <summary>
/// The request shapes of KIS's official sample wrapper, koreainvestment/open-trading-api examples_llm/kis_auth.py
/// (commit 885dd4e2; examples_user/kis_auth.py is the same code): <c>auth()</c>, <c>auth_ws()</c>,
/// <c>set_order_hash_key()</c> and <c>_url_fetch()</c>, which every examples_llm/domestic_stock/&lt;api&gt;/&lt;api&gt;.py
/// calls with its own path, TR ID and params.
/// </summary>
public sealed class OfficialSampleClient(HttpClient http, KisApp app, bool paper)
{
    // kis_auth.py _base_headers; User-Agent is kis_devlp.yaml's my_agent.
    private const string MyAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36";

    public string? Token { get; private set; }
    public KisApp App => app;

    private HttpRequestMessage Base(HttpMethod method, string path, bool withAuth)
    {
        var r = new HttpRequestMessage(method, path);
        // _base_headers: "Content-Type": "application/json", "Accept": "text/plain", "charset": "UTF-8", "User-Agent".
        r.Headers.TryAddWithoutValidation("Accept", "text/plain");
        r.Headers.TryAddWithoutValidation("charset", "UTF-8");
        r.Headers.TryAddWithoutValidation("User-Agent", MyAgent);
        if (withAuth)
        {
            // auth(): _base_headers["authorization"] = f"Bearer {my_token}"; ["appkey"]; ["appsecret"].
            r.Headers.TryAddWithoutValidation("authorization", $"Bearer {Token}");
            r.Headers.TryAddWithoutValidation("appkey", app.AppKey);
            r.Headers.TryAddWithoutValidation("appsecret", app.AppSecret);
        }
        return r;
    }

    /// <summary>kis_auth.py auth(): <c>requests.post(f"{_cfg[svr]}/oauth2/tokenP", data=json.dumps(p), headers=_getBaseHeader())</c>
    /// with p = {"grant_type": "client_credentials", "appkey", "appsecret"}; reads access_token and
    /// access_token_token_expired when the status is 200.</summary>
    public async Task<KisAnswer> AuthAsync()
    {
        var r = Base(HttpMethod.Post, "/oauth2/tokenP", withAuth: false);
        r.Content = KisWire.JsonContent(KisWire.PythonJson([new("grant_type", "client_credentials"), new("appkey", app.AppKey), new("appsecret", app.AppSecret)]));
        var answer = await KisWire.SendAsync(http, r);
        if (answer.Status == System.Net.HttpStatusCode.OK) Token = answer.Body.GetProperty("access_token").GetString();
        return answer;
    }

    /// <summary>kis_auth.py auth_ws(): POST {svr}/oauth2/Approval with _getBaseHeader() (after auth(): the token and app
    /// key headers too) and body {"grant_type": "client_credentials", "appkey", "secretkey"}; reads approval_key.</summary>
    public async Task<KisAnswer> AuthWsAsync()
    {
        var r = Base(HttpMethod.Post, "/oauth2/Approval", withAuth: Token is not null);
        r.Content = KisWire.JsonContent(KisWire.PythonJson([new("grant_type", "client_credentials"), new("appkey", app.AppKey), new("secretkey", app.AppSecret)]));
        return await KisWire.SendAsync(http, r);
    }

    /// <summary>kis_auth.py _url_fetch(api_url, ptr_id, tr_cont, params, appendHeaders, postFlag). A real TR ID starting with
    /// T, J or C becomes "V…" in paper; headers tr_id, custtype "P", tr_cont; GET sends params as the query
    /// (requests' params=), POST sends data=json.dumps(params).</summary>
    public Task<KisAnswer> FetchAsync(string apiUrl, string trId, string trCont, IEnumerable<KeyValuePair<string, string>> parameters,
        bool post = false, IEnumerable<KeyValuePair<string, string>>? appendHeaders = null) =>
        KisWire.SendAsync(http, Request(apiUrl, trId, trCont, parameters, post, appendHeaders));

    public HttpRequestMessage Request(string apiUrl, string trId, string trCont, IEnumerable<KeyValuePair<string, string>> parameters,
        bool post = false, IEnumerable<KeyValuePair<string, string>>? appendHeaders = null)
    {
        var list = parameters.ToList();
        var effectiveTrId = paper && trId[0] is 'T' or 'J' or 'C' ? "V" + trId[1..] : trId;
        var r = Base(post ? HttpMethod.Post : HttpMethod.Get, post ? apiUrl : apiUrl + "?" + KisWire.PythonQuery(list), withAuth: true);
        r.Headers.TryAddWithoutValidation("tr_id", effectiveTrId);
        r.Headers.TryAddWithoutValidation("custtype", "P");
        r.Headers.TryAddWithoutValidation("tr_cont", trCont);
        foreach (var (k, v) in appendHeaders ?? Array.Empty<KeyValuePair<string, string>>()) r.Headers.TryAddWithoutValidation(k, v);
        // The Content-Type header is one of _base_headers, so requests sends it on GETs too (.NET can only send it with a
        // body: an empty one here).
        r.Content = KisWire.JsonContent(post ? KisWire.PythonJson(list) : "");
        return r;
    }

    /// <summary>kis_auth.py set_order_hash_key(h, p): <c>requests.post(f"{my_url}/uapi/hashkey", data=json.dumps(p), headers=h)</c>
    /// with the order's own headers; puts HASH into h["hashkey"].</summary>
    public async Task<KisAnswer> HashKeyAsync(string orderTrId, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var r = Request("/uapi/hashkey", orderTrId, "", parameters, post: true);
        return await KisWire.SendAsync(http, r);
    }
}
