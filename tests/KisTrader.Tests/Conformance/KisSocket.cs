using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// A raw realtime session as the samples open it: a plain WebSocket to <c>{ws host}/tryitout</c> without client keep-alive
/// pings (legacy samples: <c>ping_interval=None</c>), JSON subscribe messages sent as text, every text message received
/// kept in order. Waiting is on a condition with a deadline, never a fixed sleep.
/// </summary>
public sealed class KisSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public static async Task<KisSocket> ConnectAsync(string url)
    {
        var s = new KisSocket();
        s._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await s._socket.ConnectAsync(new Uri(url), cts.Token);
        s._loop = Task.Run(s.ReceiveLoopAsync);
        return s;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next received message that matches; messages before it that do not match are passed over (and kept
    /// for the failure message). Fails when the deadline passes or the server closes the session.</summary>
    public async Task<string> NextAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var skipped = new List<string>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _received.Reader.WaitToReadAsync(cts.Token))
            {
                while (_received.Reader.TryRead(out var m))
                {
                    if (match(m)) return m;
                    if (skipped.Count < 5) skipped.Add(KisWire.Shorten(m));
                }
            }
            throw new Xunit.Sdk.XunitException($"the session closed before {what}; received: {string.Join(" | ", skipped)}");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no {what} within {timeout.TotalSeconds} s; received: {string.Join(" | ", skipped)}");
        }
    }

    /// <summary>examples_llm/kis_auth.py aes_cbc_base64_dec(key, iv, cipher_text): AES.new(key.encode("utf-8"),
    /// AES.MODE_CBC, iv.encode("utf-8")), unpad(decrypt(b64decode(cipher_text)), 16), bytes.decode (UTF-8).</summary>
    public static string AesCbcBase64Dec(string key, string iv, string cipherText)
    {
        using var aes = Aes.Create();
        aes.Key = Encoding.UTF8.GetBytes(key);
        return Encoding.UTF8.GetString(aes.DecryptCbc(Convert.FromBase64String(cipherText), Encoding.UTF8.GetBytes(iv), PaddingMode.PKCS7));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }
}
