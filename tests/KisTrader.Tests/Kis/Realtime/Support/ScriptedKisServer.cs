using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>A loopback WebSocket server (Kestrel on 127.0.0.1:0) that tests script message by message, speaking the
/// KIS §6 protocol as written in KIS_API.md. Each accepted socket becomes a <see cref="ServerConnection"/>.</summary>
internal sealed class ScriptedKisServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ServerConnection> _connections;

    private ScriptedKisServer(WebApplication app, Channel<ServerConnection> connections, Uri url)
    {
        _app = app;
        _connections = connections;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ScriptedKisServer> StartAsync()
    {
        var connections = Channel.CreateUnbounded<ServerConnection>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/tryitout", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new ServerConnection(socket);
            connections.Writer.TryWrite(connection);
            await connection.RunAsync(context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/tryitout");
        return new ScriptedKisServer(app, connections, url);
    }

    public async Task<ServerConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _connections.Reader.ReadAsync(cts.Token);
    }

    /// <summary>True when a connection arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> ConnectsWithinAsync(TimeSpan wait)
    {
        try
        {
            await NextConnectionAsync(wait);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
