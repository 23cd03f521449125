using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KisTrader.BrowserTests.Trading;

/// <summary>
/// A loopback Kestrel server that speaks the OpenAI chat-completions protocol and answers every request with the same
/// kind of plan: buy one share of <see cref="Ticker"/> at market (the shape of Core/Decisions/PlanSchema). The app's LLM
/// engine (through the real OpenAI SDK) then proposes a deterministic order on every run.
/// </summary>
public sealed class PlanChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private volatile string _ticker = "005930";

    private PlanChatServer(WebApplication app) => _app = app;

    /// <summary>The OpenAI base URL (ends in /v1) for <c>Llm__Endpoint</c>.</summary>
    public Uri Endpoint { get; private set; } = default!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The ticker the next plans buy (a 6-digit code from the app's watchlist).</summary>
    public string Ticker { get => _ticker; set => _ticker = value; }

    /// <summary>When set, the next plans buy at this limit price instead of at market.</summary>
    public decimal? LimitPrice { get; set; }

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _holdFrom = int.MaxValue;

    /// <summary>Requests from the <paramref name="request"/>th on (counting from 1) are held unanswered until
    /// <see cref="Release"/> or until the caller gives up (a cancelled backtest): a run that cannot finish on its own.</summary>
    public void HoldFrom(int request) => _holdFrom = request;

    public void Release() => _release.TrySetResult();

    public static string JustificationFor(string ticker) => $"Browser test plan: buy one {ticker} at market";

    public static async Task<PlanChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new PlanChatServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted) ?? new JsonObject();
        if (Interlocked.Increment(ref _requests) >= _holdFrom)
            await _release.Task.WaitAsync(ctx.RequestAborted);
        var ticker = Ticker;
        var limit = LimitPrice;
        var plan = new JsonObject
        {
            ["orders"] = new JsonArray(new JsonObject
            {
                ["ticker"] = ticker,
                ["side"] = "BUY",
                ["quantity"] = 1,
                ["price_type"] = limit is null ? "MARKET" : "LIMIT",
                ["limit_price"] = limit,
                ["justification"] = JustificationFor(ticker),
                ["confidence"] = 0.7,
            }),
            ["market_view"] = "steady market (browser test)",
            ["hold_reason"] = "",
        };
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = body["model"]?.GetValue<string>() ?? "test-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = plan.ToJsonString(), ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 1_000, ["completion_tokens"] = 100, ["total_tokens"] = 1_100 },
        };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(completion.ToJsonString(new JsonSerializerOptions()));
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
