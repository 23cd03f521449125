using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// Access token, approval key and hashkey exactly as koreainvestment/open-trading-api examples_llm/kis_auth.py asks for
/// them (auth(), auth_ws(), set_order_hash_key()), checked against KIS_API.md §2.
/// </summary>
public abstract partial class OfficialSampleAuthConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task TokenP_AsAuthSendsIt_AnswersTheFourTokenFields()
    {
        var client = new OfficialSampleClient(_http, ConformanceSimulator.NewApp(), sim.IsPaper);
        var answer = await client.AuthAsync();

        // kis_auth.py auth(): "if rescode == 200" then access_token and access_token_token_expired
        // (save_token: datetime.strptime(my_expired, "%Y-%m-%d %H:%M:%S")). KIS_API.md §2.1: token_type "Bearer",
        // expires_in integer seconds (86400 for a new token).
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(string.IsNullOrEmpty(answer.Body.Str("access_token")));
        var expired = answer.Body.Str("access_token_token_expired");
        Assert.Matches(ExpiryPattern(), expired);
        var expiresKst = DateTime.ParseExact(expired, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var hoursLeft = (expiresKst - KisWire.KstNow).TotalHours;
        Assert.InRange(hoursLeft, 23.5, 24.5);
        Assert.Equal("Bearer", answer.Body.Str("token_type"));
        var expiresIn = answer.Body.GetProperty("expires_in");
        Assert.Equal(JsonValueKind.Number, expiresIn.ValueKind);
        Assert.InRange(expiresIn.GetInt64(), 86_000, 86_400);
    }

    [Fact]
    public async Task Approval_AsAuthWsSendsIt_AnswersAnApprovalKey()
    {
        var client = new OfficialSampleClient(_http, ConformanceSimulator.NewApp(), sim.IsPaper);
        (await client.AuthAsync()).AssertHttpOk();
        var answer = await client.AuthWsAsync();

        // auth_ws(): "if rescode == 200" then _getResultObject(res.json()).approval_key. KIS_API.md §2.3.
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.Str("approval_key")));
    }

    [Fact]
    public async Task HashKey_AsSetOrderHashKeySendsIt_EchoesTheBodyAndAnOrderCarryingItIsAccepted()
    {
        var client = new OfficialSampleClient(_http, ConformanceSimulator.NewApp(), sim.IsPaper);
        (await client.AuthAsync()).AssertHttpOk();
        var cano = ConformanceSimulator.NewAccount();
        var price = await LowerLimitAsync(client);
        // examples_llm/domestic_stock/order_cash/order_cash.py params (a limit buy at the lower limit rests on the book).
        List<KeyValuePair<string, string>> order =
        [
            new("CANO", cano), new("ACNT_PRDT_CD", "01"), new("PDNO", "005930"), new("ORD_DVSN", "00"), new("ORD_QTY", "1"),
            new("ORD_UNPR", price), new("EXCG_ID_DVSN_CD", "KRX"), new("SLL_TYPE", ""), new("CNDT_PRIC", ""),
        ];
        var trId = sim.IsPaper ? "VTTC0012U" : "TTTC0012U";

        // set_order_hash_key(h, p): POST /uapi/hashkey with the order's headers and body; h["hashkey"] = HASH.
        var hash = await client.HashKeyAsync(trId, order);
        Assert.Equal(HttpStatusCode.OK, hash.Status);
        var hashValue = hash.Body.Str("HASH");
        Assert.Matches(HexHashPattern(), hashValue);
        // KIS_API.md §2.4: BODY echoes the request.
        Assert.Equal(cano, hash.Body.GetProperty("BODY").Str("CANO"));
        Assert.Equal(price, hash.Body.GetProperty("BODY").Str("ORD_UNPR"));

        var placed = await client.FetchAsync("/uapi/domestic-stock/v1/trading/order-cash", trId, "", order, post: true,
            appendHeaders: [new("hashkey", hashValue)]);
        placed.AssertOk();
        Assert.Equal(sim.IsPaper ? "40600000" : "APBK0013", placed.MsgCd);
    }

    /// <summary>stck_llam of inquire-price (examples_llm/domestic_stock/inquire_price/inquire_price.py params).</summary>
    internal static async Task<string> LowerLimitAsync(OfficialSampleClient client, string code = "005930")
    {
        var quote = (await client.FetchAsync("/uapi/domestic-stock/v1/quotations/inquire-price", "FHKST01010100", "",
            [new("FID_COND_MRKT_DIV_CODE", "J"), new("FID_INPUT_ISCD", code)])).AssertOk();
        return quote.Output.Str("stck_llam");
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]
    private static partial Regex ExpiryPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexHashPattern();
}

[Collection(PaperConformanceCollection.Name)]
public sealed class OfficialSampleAuthPaperTests(PaperSimulator sim) : OfficialSampleAuthConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class OfficialSampleAuthRealTests(RealSimulator sim) : OfficialSampleAuthConformance(sim);
