using System.Collections.Concurrent;
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

namespace KisTrader.Tests.Llm;

/// <summary>What the fake model answers to the next request.</summary>
internal sealed record ChatReply(string Content, int PromptTokens = 1_000, int CompletionTokens = 200, int Status = 200,
    TimeSpan? Delay = null, string FinishReason = "stop", string? RawBody = null);

/// <summary>
/// A loopback Kestrel server that speaks the OpenAI chat-completions protocol (POST /v1/chat/completions → a
/// chat.completion object with usage), so the real OpenAI SDK is exercised over real HTTP. Replies are queued by the
/// test; every request body and its Authorization header are recorded.
/// </summary>
internal sealed class LoopbackChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ChatReply> _replies = new();

    public ConcurrentQueue<(JsonNode Body, string? Authorization)> Requests { get; } = new();
    public Uri Endpoint { get; private set; } = default!;

    private LoopbackChatServer(WebApplication app) => _app = app;

    public static async Task<LoopbackChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackChatServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public void Enqueue(ChatReply reply) => _replies.Enqueue(reply);

    private async Task HandleAsync(HttpContext ctx)
    {
        var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted) ?? new JsonObject();
        Requests.Enqueue((body, ctx.Request.Headers.Authorization.ToString()));
        if (!_replies.TryDequeue(out var reply)) reply = new ChatReply("", Status: 500, RawBody: """{"error":{"message":"no reply queued","type":"server_error"}}""");
        if (reply.Delay is { } delay)
        {
            try { await Task.Delay(delay, ctx.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        ctx.Response.StatusCode = reply.Status;
        ctx.Response.ContentType = "application/json";
        if (reply.RawBody is not null)
        {
            await ctx.Response.WriteAsync(reply.RawBody);
            return;
        }
        var completion = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = 1_763_800_000,
            ["model"] = (body["model"]?.GetValue<string>() ?? "unknown") + "-2026-01-01",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = reply.FinishReason,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = reply.PromptTokens,
                ["completion_tokens"] = reply.CompletionTokens,
                ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
            },
        };
        await ctx.Response.WriteAsync(completion.ToJsonString(new JsonSerializerOptions()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
