using System.Text.Json;
using KisTrader.Simulator;
using KisTrader.Simulator.Realtime;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>KIS_API.md §6: acks, limits, PINGPONG, frame layouts and encrypted execution notices.</summary>
public sealed class WebSocketTests
{
    private static string MsgCd(JsonElement ack) => ack.GetProperty("body").GetProperty("msg_cd").GetString()!;

    [Fact]
    public async Task Subscribe_AckCarriesSessionIvAndKey_DuplicateAndUnknownUnsubscribeHaveTheirCodes()
    {
        await using var c = await StartAsync();
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        var ack = await ws.AckAsync();
        Assert.Equal("OPSP0000", MsgCd(ack));
        Assert.Equal("H0STCNT0", ack.GetProperty("header").GetProperty("tr_id").GetString());
        Assert.Equal("005930", ack.GetProperty("header").GetProperty("tr_key").GetString());
        var output = ack.GetProperty("body").GetProperty("output");
        Assert.Equal(16, output.GetProperty("iv").GetString()!.Length);
        Assert.Equal(32, output.GetProperty("key").GetString()!.Length);

        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        Assert.Equal("OPSP0002", MsgCd(await ws.AckAsync()));
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930", "2");
        var unsub = await ws.AckAsync();
        Assert.Equal("OPSP0001", MsgCd(unsub));
        Assert.StartsWith("UNSUB", unsub.GetProperty("body").GetProperty("msg1").GetString());
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930", "2");
        Assert.Equal("OPSP0003", MsgCd(await ws.AckAsync()));
        await ws.SubscribeAsync("not-a-key", "H0STCNT0", "005930");
        Assert.Equal("OPSP0011", MsgCd(await ws.AckAsync()));
        await ws.SubscribeAsync(approval, "H0XXXXX0", "005930");
        Assert.Equal("OPSP8991", MsgCd(await ws.AckAsync()));
    }

    [Fact]
    public async Task FortySecondRegistration_IsOpsp0008()
    {
        await using var c = await StartAsync();
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        for (var i = 0; i < 41; i++)
        {
            await ws.SubscribeAsync(approval, i % 2 == 0 ? "H0STCNT0" : "H0STASP0", (100000 + i).ToString());
            Assert.Equal("OPSP0000", MsgCd(await ws.AckAsync()));
        }
        await ws.SubscribeAsync(approval, "H0STCNT0", "999999");
        Assert.Equal("OPSP0008", MsgCd(await ws.AckAsync()));
    }

    [Fact]
    public async Task SecondSessionOfTheSameAppKey_IsOpsp8996WhileTheFirstIsOpen()
    {
        await using var c = await StartAsync();
        var approval = await c.ApprovalKeyAsync();
        await using var first = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await first.SubscribeAsync(approval, "H0STCNT0", "005930");
        Assert.Equal("OPSP0000", MsgCd(await first.AckAsync()));
        await using var second = await WsClient.ConnectAsync(new Uri(c.Host.WebSocketUrl, "/tryitout/H0STCNT0"));
        await second.SubscribeAsync(await c.ApprovalKeyAsync(), "H0STCNT0", "000660");
        Assert.Equal("OPSP8996", MsgCd(await second.AckAsync()));
    }

    [Fact]
    public async Task PingPong_IsSentEveryInterval_AndAnEchoKeepsTheSession()
    {
        await using var c = await StartAsync(s => s.PingPongInterval = TimeSpan.FromSeconds(100));
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(new Uri(c.Host.WebSocketUrl, "/"));
        await ws.SubscribeAsync(approval, "H0STCNI9", "hts-user");
        Assert.Equal("OPSP0000", MsgCd(await ws.AckAsync()));
        c.Time.Advance(TimeSpan.FromSeconds(100));
        var ping = await ws.ReceiveUntilAsync(m => m.Contains("PINGPONG"));
        Assert.NotNull(ping);
        var header = JsonDocument.Parse(ping!).RootElement.GetProperty("header");
        Assert.Matches("^[0-9]{14}$", header.GetProperty("datetime").GetString()!);
        await ws.SendAsync(ping!);
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        Assert.Equal("OPSP0000", MsgCd(await ws.AckAsync()));
    }

    [Fact]
    public async Task TradeAndBookFrames_HaveTheDocumentedFieldCounts_AndBatchSeveralRecords()
    {
        await using var c = await StartAsync();
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STASP0", "005930");
        await ws.AckAsync();
        var book = await ws.ReceiveUntilAsync(m => m.StartsWith("0|H0STASP0|"));
        var parts = book!.Split('|');
        Assert.Equal("001", parts[2]);
        var fields = parts[3].Split('^');
        Assert.Equal(59, fields.Length);
        Assert.Equal("005930", fields[0]);

        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        await ws.AckAsync();
        var maxRecords = 0;
        for (var i = 0; i < 20; i++)
        {
            c.Ticks(1);
            var frame = await ws.ReceiveUntilAsync(m => m.StartsWith("0|H0STCNT0|"));
            Assert.NotNull(frame);
            var p = frame!.Split('|');
            var count = int.Parse(p[2]);
            var f = p[3].Split('^');
            Assert.Equal(FrameFormatter.TradeFieldCount * count, f.Length);
            Assert.Equal("005930", f[0]);
            Assert.Matches("^[0-9]{6}$", f[1]);
            Assert.Equal("20261120", f[33]);
            maxRecords = Math.Max(maxRecords, count);
        }
        Assert.True(maxRecords > 1, "several prints of one step should share a frame");
    }

    [Theory]
    [InlineData(26)]
    [InlineData(23)]
    public async Task ExecutionNotices_AreEncryptedWithTheAckKeyAndIv_ForAcceptanceAndFill(int fieldCount)
    {
        await using var c = await StartAsync(s => s.NoticeFieldCount = fieldCount);
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNI9", "myhtsid");
        var output = (await ws.AckAsync()).GetProperty("body").GetProperty("output");
        var (key, iv) = (output.GetProperty("key").GetString()!, output.GetProperty("iv").GetString()!);

        var order = await c.BuyAsync("005930", 2);
        var records = new List<string[]>();
        while (records.Count < 2)
        {
            var frame = await ws.ReceiveUntilAsync(m => m.StartsWith("1|H0STCNI9|"));
            Assert.NotNull(frame);
            var p = frame!.Split('|');
            Assert.Equal("001", p[2]);
            records.Add(NoticeCipher.Decrypt(p[3], key, iv).Split('^'));
        }
        Assert.All(records, f => Assert.Equal(fieldCount, f.Length));
        var (accepted, fill) = (records[0], records[1]);
        Assert.Equal("myhtsid", accepted[0]);
        Assert.Equal(Cano + "01", accepted[1]);
        Assert.Equal(order.S("ODNO"), accepted[2]);
        Assert.Equal("02", accepted[4]);
        Assert.Equal(("0", "1", "1"), (accepted[12], accepted[13], accepted[14]));
        Assert.Equal("2", fill[13]);
        Assert.Equal(2, long.Parse(fill[9]));
        Assert.Equal("005930", fill[8]);
    }

    [Fact]
    public async Task RefusedOrders_AreNotifiedWithRfusYn1()
    {
        await using var c = await StartAsync();
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNI9", "me");
        var output = (await ws.AckAsync()).GetProperty("body").GetProperty("output");
        Assert.Equal("1", (await c.SellAsync("005930", 5)).RtCd);
        var frame = await ws.ReceiveUntilAsync(m => m.StartsWith("1|H0STCNI9|"));
        var f = NoticeCipher.Decrypt(frame!.Split('|')[3], output.GetProperty("key").GetString()!, output.GetProperty("iv").GetString()!).Split('^');
        Assert.Equal(("1", "1"), (f[12], f[13]));
    }

    [Fact]
    public async Task TradesSentAndNoticeSent_ReportWhatWasQueuedToSubscribers_SoAnEmbeddingHostCanTimeIt()
    {
        await using var c = await StartAsync();
        var prints = new List<KisTrader.Simulator.Market.TradePrint>();
        var notices = new List<KisTrader.Simulator.Accounts.NoticeEvent>();
        c.Host.Realtime.TradesSent += p => { lock (prints) prints.AddRange(p); };
        c.Host.Realtime.NoticeSent += n => { lock (notices) notices.Add(n); };
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);

        // Nobody subscribed to the tape yet: a step sends no frame and reports no print.
        c.Ticks(1);
        lock (prints) Assert.Empty(prints);

        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        await ws.AckAsync();
        c.Ticks(1);
        var frame = await ws.ReceiveUntilAsync(m => m.StartsWith("0|H0STCNT0|"));
        var fields = frame!.Split('|')[3].Split('^');
        lock (prints)
        {
            Assert.NotEmpty(prints);
            Assert.All(prints, p => Assert.Equal("005930", p.Code));
            // The frame's last record carries the last reported print's accumulated volume (field 13, ACML_VOL).
            Assert.Equal(prints[^1].AccumulatedVolume, long.Parse(fields[^(FrameFormatter.TradeFieldCount - 13)]));
        }

        await ws.SubscribeAsync(approval, "H0STCNI9", "me");
        await ws.AckAsync();
        var order = await c.BuyAsync("005930", 1);
        await ws.ReceiveUntilAsync(m => m.StartsWith("1|H0STCNI9|"));
        lock (notices)
        {
            Assert.Contains(notices, n => n.Type == KisTrader.Simulator.Accounts.NoticeType.Accepted && n.Odno == order.S("ODNO"));
            Assert.Contains(notices, n => n.Type == KisTrader.Simulator.Accounts.NoticeType.Filled && n.Odno == order.S("ODNO"));
        }
    }
}
