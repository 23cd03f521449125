using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Core.Market;
using KisTrader.Simulator.Rest;
using Microsoft.AspNetCore.Http;

namespace KisTrader.Simulator.Faults;

/// <summary>
/// /sim/control/… for local use (NO authentication: bind the simulator to loopback):
/// GET state, GET orders, GET/POST faults, POST expire-tokens, POST disconnect-websockets, POST reset-faults, POST shock.
/// Every POST must say <c>Content-Type: application/json</c> (also when it has no body) and must not come from a web
/// page: a page on any origin could otherwise inject faults with a form or a text/plain fetch once it found the port.
/// A browser can send neither JSON nor this endpoint's origin from another page without a CORS preflight, which the
/// simulator never grants.
/// </summary>
internal sealed class ControlEndpoints(SimContext sim)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = RestGateway.JsonOptions.Encoder };

    public async Task HandleAsync(HttpContext http)
    {
        var action = (http.Request.Path.Value ?? "")["/sim/control".Length..].Trim('/').ToLowerInvariant();
        var get = HttpMethods.IsGet(http.Request.Method);
        var post = HttpMethods.IsPost(http.Request.Method);
        if (!get && RefusalOf(http.Request) is { } refusal)
        {
            await WriteAsync(http, refusal.Status, new JsonObject { ["error"] = refusal.Error });
            return;
        }
        switch (action)
        {
            case "state" when get: await WriteAsync(http, 200, State()); return;
            case "orders" when get: await WriteAsync(http, 200, Orders()); return;
            case "faults" when get: await WriteAsync(http, 200, JsonSerializer.SerializeToNode(sim.Faults.Current, Json)); return;
            case "faults" when post:
                FaultSettings? faults;
                try { faults = await JsonSerializer.DeserializeAsync<FaultSettings>(http.Request.Body, Json, http.RequestAborted); }
                catch (JsonException e) { await WriteAsync(http, 400, new JsonObject { ["error"] = e.Message }); return; }
                if (faults is null) { await WriteAsync(http, 400, new JsonObject { ["error"] = "body must be a JSON object" }); return; }
                try { sim.Faults.Set(faults); }
                catch (ArgumentException e) { await WriteAsync(http, 400, new JsonObject { ["error"] = e.Message }); return; }
                await WriteAsync(http, 200, JsonSerializer.SerializeToNode(sim.Faults.Current, Json));
                return;
            case "expire-tokens" when post: sim.Faults.ExpireTokens(); sim.Persist(); await WriteAsync(http, 200, new JsonObject { ["ok"] = true }); return;
            case "disconnect-websockets" when post: sim.Faults.DisconnectWebSockets(); await WriteAsync(http, 200, new JsonObject { ["ok"] = true }); return;
            case "shock" when post: await ShockAsync(http); return;
            case "reset-faults" when post: sim.Faults.Reset(); await WriteAsync(http, 200, JsonSerializer.SerializeToNode(sim.Faults.Current, Json)); return;
            default: await WriteAsync(http, 404, new JsonObject { ["error"] = "unknown control action" }); return;
        }
    }

    /// <summary>POST shock {"code":"005930","percent":12.5}: a price shock (see <see cref="SimExchange.Shock"/>).</summary>
    private async Task ShockAsync(HttpContext http)
    {
        ShockRequest? request;
        try { request = await JsonSerializer.DeserializeAsync<ShockRequest>(http.Request.Body, Json, http.RequestAborted); }
        catch (JsonException e) { await WriteAsync(http, 400, new JsonObject { ["error"] = e.Message }); return; }
        if (request is not { Code: { Length: 6 } code } || request.Percent is not { } percent)
        {
            await WriteAsync(http, 400, new JsonObject { ["error"] = "body must be {\"code\": a 6-character code, \"percent\": a number}" });
            return;
        }
        if (percent is <= -30m or >= 30m)
        {
            await WriteAsync(http, 400, new JsonObject { ["error"] = "percent must be within ±30 (the daily limit)" });
            return;
        }
        var price = sim.Exchange.Shock(code, percent);
        if (price is null)
        {
            await WriteAsync(http, 404, new JsonObject { ["error"] = $"no open instrument {code}" });
            return;
        }
        await WriteAsync(http, 200, new JsonObject { ["code"] = code, ["price"] = price });
    }

    private sealed record ShockRequest(string? Code, decimal? Percent);

    private sealed record Refusal(int Status, string Error);

    /// <summary>Why a control request that changes something is refused: it came from a web page (Origin or
    /// Sec-Fetch-Site say another origin), or its body is not declared JSON.</summary>
    private static Refusal? RefusalOf(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase))
            return new(403, "control requests from web pages are refused (Sec-Fetch-Site)");
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !origin.Equals($"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase))
            return new(403, "control requests from other origins are refused");
        var type = request.ContentType ?? "";
        var semicolon = type.IndexOf(';');
        var media = (semicolon < 0 ? type : type[..semicolon]).Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            ? null
            : new(415, "control requests must have Content-Type: application/json (an empty body is fine where none is needed)");
    }

    private JsonObject State()
    {
        var x = sim.Exchange;
        lock (x.Gate)
        {
            var now = x.Clock.GetUtcNow();
            return new JsonObject
            {
                ["mode"] = sim.Settings.Mode.ToString(),
                ["simulatedTime"] = KoreaTime.Format(now),
                ["open"] = x.IsOpen(now),
                ["tradingDate"] = x.Instruments.Count > 0 ? x.Instruments[0].TradingDate.ToString("yyyy-MM-dd") : null,
                ["webSocketSessions"] = sim.Hub.SessionCount,
                ["orders"] = x.Orders.Count,
                ["fills"] = x.Fills.Count,
                ["faults"] = JsonSerializer.SerializeToNode(sim.Faults.Current, Json),
                ["injected"] = JsonSerializer.SerializeToNode(sim.Faults.Injected, Json),
                ["accounts"] = new JsonArray([.. x.Accounts.Select(a => (JsonNode)new JsonObject
                {
                    // The account number is the simulator's own fake; still shown masked like any account number.
                    ["account"] = a.Cano[..4] + "****-" + a.ProductCode,
                    ["cash"] = a.Cash,
                    ["holdings"] = new JsonArray([.. a.Holdings.Values.Where(h => h.Quantity > 0)
                        .Select(h => (JsonNode)new JsonObject { ["code"] = h.Code, ["quantity"] = h.Quantity })]),
                })]),
                ["instruments"] = new JsonArray([.. x.Instruments.Select(s => (JsonNode)new JsonObject
                {
                    ["code"] = s.Code, ["name"] = s.Name, ["last"] = s.Last, ["base"] = s.BasePrice, ["volume"] = s.Volume,
                })]),
            };
        }
    }

    /// <summary>Every order row (new, amend, cancel) of every account and every holding, as the exchange has them now:
    /// the broker's side of a reconciliation check, read in one lock so orders and holdings agree.</summary>
    private JsonObject Orders()
    {
        var x = sim.Exchange;
        lock (x.Gate)
        {
            return new JsonObject
            {
                ["orders"] = new JsonArray([.. x.Orders.Select(o => (JsonNode)new JsonObject
                {
                    ["orderNo"] = o.Odno,
                    ["orgNo"] = o.OrgNo,
                    ["originalOrderNo"] = o.OriginalOdno,
                    ["kind"] = o.Kind.ToString(),
                    ["account"] = Masked(o.AccountKey),
                    ["code"] = o.Code,
                    ["side"] = o.Side.ToString(),
                    ["division"] = o.OrderDivision,
                    ["quantity"] = o.Quantity,
                    ["price"] = o.Price,
                    ["date"] = o.Date.ToString("yyyy-MM-dd"),
                    ["time"] = o.Time,
                    ["filledQuantity"] = o.FilledQuantity,
                    ["filledAmount"] = o.FilledAmount,
                    ["cancelledQuantity"] = o.CancelledQuantity,
                    ["rejectedQuantity"] = o.RejectedQuantity,
                })]),
                ["holdings"] = new JsonArray([.. x.Accounts.SelectMany(a => a.Holdings.Values.Where(h => h.Quantity > 0)
                    .Select(h => (JsonNode)new JsonObject { ["account"] = Masked(a.Key), ["code"] = h.Code, ["quantity"] = h.Quantity }))]),
            };
        }
    }

    /// <summary>An account key (CANO + product code) masked as the state shows accounts: 1234****-01.</summary>
    private static string Masked(string key) => key.Length == 10 ? key[..4] + "****-" + key[8..] : "****";

    private static async Task WriteAsync(HttpContext http, int status, JsonNode? body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body?.ToJsonString(Json) ?? "null", http.RequestAborted);
    }
}
