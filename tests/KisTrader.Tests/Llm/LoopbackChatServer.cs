using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
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

/// <summary>What the fake model answers to the next request. <paramref name="Abort"/> drops the connection without an
/// answer.</summary>
internal sealed record ChatReply(string Content, int PromptTokens = 1_000, int CompletionTokens = 200, int Status = 200,
    TimeSpan? Delay = null, string FinishReason = "stop", string? RawBody = null, bool Abort = false);

/// <summary>One request the fake received: the body, the Authorization header (OpenAI), and for Azure the deployment,
/// the api-version and the api-key header.</summary>
internal sealed record ChatRequest(JsonNode Body, string? Authorization, string Path, string? Deployment, string? ApiVersion, string? ApiKey)
{
    public void Deconstruct(out JsonNode body, out string? authorization)
    {
        body = Body;
        authorization = Authorization;
    }
}

/// <summary>
/// A loopback Kestrel server that speaks the chat-completions protocol of both providers, so the real SDKs are exercised
/// over real HTTP: OpenAI's POST /v1/chat/completions (bearer key) and Azure OpenAI's
/// POST /openai/deployments/{deployment}/chat/completions?api-version=… (api-key header). The Azure route refuses a
/// request without the expected api-key (401) or without an api-version (400), as Azure does. Replies are queued by the
/// test; every request is recorded.
/// </summary>
internal sealed class LoopbackChatServer : IAsyncDisposable
{
    public const string AzureApiKey = "azure-loopback-key-0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ChatReply> _replies = new();

    public ConcurrentQueue<ChatRequest> Requests { get; } = new();
    /// <summary>The OpenAI-compatible base URL (…/v1).</summary>
    public Uri Endpoint { get; private set; } = default!;
    /// <summary>The Azure resource URL (the server root).</summary>
    public Uri AzureEndpoint { get; private set; } = default!;

    private LoopbackChatServer(WebApplication app) => _app = app;

    public static async Task<LoopbackChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackChatServer(app);
        app.MapPost("/v1/chat/completions", ctx => server.HandleAsync(ctx, deployment: null));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", ctx => server.HandleAsync(ctx, (string)ctx.Request.RouteValues["deployment"]!));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        server.Endpoint = new Uri(address + "/v1");
        server.AzureEndpoint = new Uri(address + "/");
        return server;
    }

    /// <summary>A loopback URL nothing listens on (a port taken and released): connecting is refused.</summary>
    public static Uri RefusingEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/v1");
    }

    public void Enqueue(ChatReply reply) => _replies.Enqueue(reply);

    private async Task HandleAsync(HttpContext ctx, string? deployment)
    {
        var body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted) ?? new JsonObject();
        var apiVersion = ctx.Request.Query["api-version"].FirstOrDefault();
        var apiKey = ctx.Request.Headers["api-key"].FirstOrDefault();
        Requests.Enqueue(new ChatRequest(body, ctx.Request.Headers.Authorization.ToString(), ctx.Request.Path.Value ?? "", deployment, apiVersion, apiKey));
        if (deployment is not null && apiKey != AzureApiKey)
        {
            await WriteErrorAsync(ctx, 401, "Access denied due to invalid subscription key or wrong API endpoint.");
            return;
        }
        if (deployment is not null && string.IsNullOrEmpty(apiVersion))
        {
            await WriteErrorAsync(ctx, 400, "Missing required query parameter: api-version");
            return;
        }
        if (!_replies.TryDequeue(out var reply)) reply = new ChatReply("", Status: 500, RawBody: """{"error":{"message":"no reply queued","type":"server_error"}}""");
        if (reply.Delay is { } delay)
        {
            try { await Task.Delay(delay, ctx.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        if (reply.Abort)
        {
            ctx.Abort();
            return;
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
            ["model"] = (body["model"]?.GetValue<string>() ?? deployment ?? "unknown") + "-2026-01-01",
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

    private static async Task WriteErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture), ["message"] = message } }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
