using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using KisTrader.Kis;
using KisTrader.Kis.Dto;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>Orders are sent at most once: ambiguous outcomes are Unknown, business rejects are Rejected.</summary>
public sealed class KisOrderTests
{
    private static readonly OrderRequest Buy = new("005930", Side.Buy, OrderPriceType.Limit, 10, 71900m);

    private static async Task<int> SettledCount(ScriptedKisServer server, string path)
    {
        await Task.Delay(300); // give a (wrong) retry the chance to arrive
        return server.Count(path);
    }

    [Fact]
    public async Task Order_Accepted_SendsUpperCaseStringBodyWithPaperTrId()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, Reply.Ok(Golden.Text("order_cash_paper")));
        var setup = new KisTestClient { Server = server };
        await using var client = setup.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Accepted, result.Status);
        Assert.Equal(new BrokerOrderId("00950", "2696"), result.OrderId);
        var post = server.RequestsTo(OrderCashDto.Path).Single();
        Assert.Equal("POST", post.Method);
        Assert.Equal("VTTC0012U", post.Header("tr_id"));
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.All(body.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Equal(KisTestClient.Account, body.GetProperty("CANO").GetString());
        Assert.Equal("01", body.GetProperty("ACNT_PRDT_CD").GetString());
        Assert.Equal("005930", body.GetProperty("PDNO").GetString());
        Assert.Equal("00", body.GetProperty("ORD_DVSN").GetString());
        Assert.Equal("10", body.GetProperty("ORD_QTY").GetString());
        Assert.Equal("71900", body.GetProperty("ORD_UNPR").GetString());
        Assert.False(body.TryGetProperty("SLL_TYPE", out _));
    }

    [Theory]
    [InlineData(KisEnvironmentKind.Real, false, "TTTC0011U")]
    [InlineData(KisEnvironmentKind.Real, true, "TTTC0801U")]
    [InlineData(KisEnvironmentKind.Paper, true, "VTTC0801U")]
    public async Task MarketSell_UsesSellTrIdAndZeroPrice(KisEnvironmentKind environment, bool legacy, string trId)
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, Reply.Ok(Golden.Text("order_cash")));
        var setup = new KisTestClient { Server = server, Environment = environment, Legacy = legacy };
        await using var client = setup.Create();

        await client.Orders.PlaceAsync(new OrderRequest("005930", Side.Sell, OrderPriceType.Market, 3, null));

        var post = server.RequestsTo(OrderCashDto.Path).Single();
        Assert.Equal(trId, post.Header("tr_id"));
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("01", body.GetProperty("ORD_DVSN").GetString());
        Assert.Equal("0", body.GetProperty("ORD_UNPR").GetString());
        Assert.Equal("01", body.GetProperty("SLL_TYPE").GetString());
    }

    [Fact]
    public async Task Order_WhenTimeout_ReturnsUnknownAndIsNotRetried()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(200, Golden.Text("order_cash"), Delay: TimeSpan.FromSeconds(3)));
        var setup = new KisTestClient { Server = server, RequestTimeout = TimeSpan.FromMilliseconds(300) };
        await using var client = setup.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Unknown, result.Status);
        Assert.Equal("TIMEOUT", result.Code);
        Assert.Null(result.OrderId);
        Assert.Equal(1, await SettledCount(server, OrderCashDto.Path));
    }

    [Fact]
    public async Task Order_WhenConnectionDropsAfterSending_ReturnsUnknownAndIsNotRetried()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(200, "", Abort: true));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Unknown, result.Status);
        Assert.Equal(1, await SettledCount(server, OrderCashDto.Path));
    }

    [Theory]
    [InlineData(500, "")]
    [InlineData(502, "<html>bad gateway</html>")]
    [InlineData(200, "not json")]
    public async Task Order_WithoutAReadableBusinessAnswer_ReturnsUnknown(int status, string body)
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(status, body));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Unknown, result.Status);
        Assert.Equal(1, await SettledCount(server, OrderCashDto.Path));
    }

    [Fact]
    public async Task Order_OnEgw00301_ReturnsUnknownWithTheCode()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(500, Golden.Text("error_egw00301")));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Unknown, result.Status);
        Assert.Equal("EGW00301", result.Code);
    }

    [Theory]
    [InlineData("EGW00001", "일시적인 오류가 발생했습니다.")]
    [InlineData("EGW00002", "서버 에러가 발생하였습니다.")]
    public async Task Order_OnAGatewayServerError_ReturnsUnknownAndIsNotRetried(string code, string message)
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(500, $$"""{"rt_cd":"1","msg_cd":"{{code}}","msg1":"{{message}}"}"""), Reply.Ok(Golden.Text("order_cash")));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal((SubmissionStatus.Unknown, code), (result.Status, result.Code));
        Assert.Equal(1, await SettledCount(server, OrderCashDto.Path));
    }

    [Fact]
    public async Task Order_OnEgw00201_IsRejectedBeforeProcessing_AndNotRetried()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(500, Golden.Text("error_egw00201")), Reply.Ok(Golden.Text("order_cash")));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Rejected, result.Status);
        Assert.Equal("EGW00201", result.Code);
        Assert.Equal(1, await SettledCount(server, OrderCashDto.Path));
    }

    [Fact]
    public async Task Order_OnBusinessReject_ReturnsRejectedWithCodeAndTrimmedMessage()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, Reply.Ok(Golden.Text("error_apbk0919")));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(new OrderSubmission(SubmissionStatus.Rejected, null, null, "APBK0919", "주문가능금액을 초과 했습니다"), result);
    }

    [Fact]
    public async Task Order_OnExpiredToken_ReissuesAndSendsExactlyOnceMore()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.On(OrderCashDto.Path, (r, _) => r.Header("authorization") == "Bearer cached-token"
            ? new Reply(500, Golden.Text("error_egw00123"))
            : Reply.Ok(Golden.Text("order_cash")));
        var directory = KisAuthTests.SeededCache(out var protector, out var appKey, TimeSpan.FromHours(2));
        await using var client = new KisTestClient { Server = server, CacheDirectory = directory, Protector = protector, AppKey = appKey }.Create();

        var result = await client.Orders.PlaceAsync(Buy);

        Assert.Equal(SubmissionStatus.Accepted, result.Status);
        Assert.Equal(["Bearer cached-token", "Bearer token-1"], server.RequestsTo(OrderCashDto.Path).Select(r => r.Header("authorization")));
    }

    [Fact]
    public async Task Order_WithHashKey_SendsTheHashOfTheExactBody()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, Reply.Ok(Golden.Text("order_cash")));
        server.OnSequence("/uapi/hashkey", Reply.Ok(Golden.Text("hashkey")));
        var setup = new KisTestClient { Server = server, UseHashKey = true };
        await using var client = setup.Create();

        await client.Orders.PlaceAsync(Buy);

        var hashRequest = server.RequestsTo("/uapi/hashkey").Single();
        var order = server.RequestsTo(OrderCashDto.Path).Single();
        Assert.Equal(order.Body, hashRequest.Body);
        Assert.Equal(setup.AppKey, hashRequest.Header("appkey"));
        Assert.Equal(JsonDocument.Parse(Golden.Text("hashkey")).RootElement.GetProperty("HASH").GetString(), order.Header("hashkey"));
    }

    [Fact]
    public async Task CancelAll_SendsCancelCodeWithOriginalOrderIdentity()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderRvseCnclDto.Path, Reply.Ok(Golden.Text("order_rvsecncl")));
        await using var client = new KisTestClient { Server = server }.Create();

        var result = await client.Orders.CancelAsync(new ModifyRequest(new BrokerOrderId("06010", "0001569158"), "005930", OrderPriceType.Limit, null, null));

        Assert.Equal(new BrokerOrderId("06010", "0001569160"), result.OrderId);
        var post = server.RequestsTo(OrderRvseCnclDto.Path).Single();
        Assert.Equal("VTTC0013U", post.Header("tr_id"));
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("06010", body.GetProperty("KRX_FWDG_ORD_ORGNO").GetString());
        Assert.Equal("0001569158", body.GetProperty("ORGN_ODNO").GetString());
        Assert.Equal("02", body.GetProperty("RVSE_CNCL_DVSN_CD").GetString());
        Assert.Equal("0", body.GetProperty("ORD_QTY").GetString());
        Assert.Equal("Y", body.GetProperty("QTY_ALL_ORD_YN").GetString());
    }

    [Fact]
    public async Task Amend_SendsNewPriceForPartOfTheQuantity()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderRvseCnclDto.Path, Reply.Ok(Golden.Text("order_rvsecncl")));
        await using var client = new KisTestClient { Server = server }.Create();

        await client.Orders.AmendAsync(new ModifyRequest(new BrokerOrderId("06010", "0001569158"), "005930", OrderPriceType.Limit, 2, 72000m));

        var body = JsonDocument.Parse(server.RequestsTo(OrderRvseCnclDto.Path).Single().Body).RootElement;
        Assert.Equal("01", body.GetProperty("RVSE_CNCL_DVSN_CD").GetString());
        Assert.Equal("2", body.GetProperty("ORD_QTY").GetString());
        Assert.Equal("72000", body.GetProperty("ORD_UNPR").GetString());
        Assert.Equal("N", body.GetProperty("QTY_ALL_ORD_YN").GetString());
    }

    [Fact]
    public async Task Secrets_AreNeverLogged_NorInResults()
    {
        await using var server = await ScriptedKisServer.StartAsync();
        server.OnSequence(OrderCashDto.Path, new Reply(500, Golden.Text("error_egw00201")), new Reply(500, ""), Reply.Ok(Golden.Text("order_cash")));
        var loggers = new CapturingLoggerFactory();
        var setup = new KisTestClient { Server = server, Loggers = loggers };
        await using var client = setup.Create();

        var results = new List<OrderSubmission>();
        for (var i = 0; i < 3; i++) results.Add(await client.Orders.PlaceAsync(Buy));
        await client.ApprovalKeys.GetApprovalKeyAsync(false);

        var text = string.Join("\n", loggers.Lines.Concat(results.Select(r => r.ToString())).Append(setup.Status.LastError ?? ""));
        Assert.NotEmpty(loggers.Lines);
        foreach (var secret in new[] { setup.AppKey, KisTestClient.AppSecret, KisTestClient.Account, "token-1", "approval-1" })
            Assert.DoesNotContain(secret, text);
    }
}
