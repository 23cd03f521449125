using System.Net;
using System.Net.Sockets;
using System.Text;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web;

public sealed class NotifierTests
{
    private static readonly Notification Sample = new(NotificationLevel.Warning, "Trading halted", "by admin: test", DateTimeOffset.UtcNow);

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }

    [Fact]
    public async Task Webhook_ReceivesASlackCompatibleTextMessage_AndTheDashboardGetsAToast()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/hook/T000/B000/secret", async (HttpRequest r) =>
        {
            received.TrySetResult(await new StreamReader(r.Body).ReadToEndAsync());
            return Results.Ok();
        });
        await app.StartAsync();
        var url = new Uri(app.Urls.First() + "/hook/T000/B000/secret");
        using var bus = new InMemoryEventBus();
        var toast = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = bus.Subscribe<NotificationRaised>((e, _) => { toast.TrySetResult(e.Notification); return ValueTask.CompletedTask; });
        var notifier = new Notifier(bus, new NotificationsOptions { WebhookUrl = url }, new Clients(), NullLogger<Notifier>.Instance, TimeProvider.System);

        await notifier.NotifyAsync(Sample);

        var body = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("\"text\":", body);
        Assert.Contains("*Trading halted*", body);
        Assert.Equal("Trading halted", (await toast.Task.WaitAsync(TimeSpan.FromSeconds(10))).Title);
    }

    [Fact]
    public async Task Webhook_ServiceUnavailableTwice_IsRetried_AndPostedOnce()
    {
        var statuses = new Queue<int>([503, 503, 200]);
        var bodies = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/hook/T000/B000/secret", async (HttpRequest r) =>
        {
            var body = await new StreamReader(r.Body).ReadToEndAsync();
            lock (bodies)
            {
                bodies.Add(body);
                return Results.StatusCode(statuses.Dequeue());
            }
        });
        await app.StartAsync();
        var url = new Uri(app.Urls.First() + "/hook/T000/B000/secret");
        await using var sp = Notifier.AddNotificationsHttpClient(new ServiceCollection().AddLogging(), retryDelay: TimeSpan.FromMilliseconds(20))
            .BuildServiceProvider();
        using var bus = new InMemoryEventBus();
        var logger = new ListLogger();
        var notifier = new Notifier(bus, new NotificationsOptions { WebhookUrl = url }, sp.GetRequiredService<IHttpClientFactory>(), logger, TimeProvider.System);

        await notifier.NotifyAsync(Sample);

        lock (bodies)
        {
            Assert.Equal(3, bodies.Count);
            Assert.All(bodies, b => Assert.Contains("*Trading halted*", b));
        }
        Assert.Empty(logger.Warnings);
    }

    [Fact]
    public async Task Webhook_ServerError_IsNotSentTwice()
    {
        var posts = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        // A 500 may come after the message was posted: a retry could post it twice.
        app.MapPost("/hook", () => { Interlocked.Increment(ref posts); return Results.StatusCode(500); });
        await app.StartAsync();
        await using var sp = Notifier.AddNotificationsHttpClient(new ServiceCollection().AddLogging(), retryDelay: TimeSpan.FromMilliseconds(20))
            .BuildServiceProvider();
        using var bus = new InMemoryEventBus();
        var logger = new ListLogger();
        var notifier = new Notifier(bus, new NotificationsOptions { WebhookUrl = new Uri(app.Urls.First() + "/hook") }, sp.GetRequiredService<IHttpClientFactory>(), logger, TimeProvider.System);

        await notifier.NotifyAsync(Sample);

        Assert.Equal(1, Volatile.Read(ref posts));
        Assert.Contains(logger.Warnings, w => w.Contains("HTTP 500", StringComparison.Ordinal));
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<Notifier>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }

    [Fact]
    public async Task FailingWebhook_IsLoggedAndDoesNotThrow()
    {
        using var bus = new InMemoryEventBus();
        // Nothing listens on port 9 of loopback (discard); the send fails fast.
        var notifier = new Notifier(bus, new NotificationsOptions { WebhookUrl = new Uri("http://127.0.0.1:9/hook") }, new Clients(), NullLogger<Notifier>.Instance, TimeProvider.System);
        await notifier.NotifyAsync(Sample);
    }

    [Fact]
    public async Task Email_IsDeliveredOverSmtp_WithTheTitleInTheSubject()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var mail = ServeOneSmtpMessageAsync(listener);
        using var bus = new InMemoryEventBus();
        var options = new NotificationsOptions { SmtpHost = "127.0.0.1", SmtpPort = port, SmtpUseTls = false, EmailFrom = "kistrader@example.test", EmailTo = ["ops@example.test"] };
        var notifier = new Notifier(bus, options, new Clients(), NullLogger<Notifier>.Instance, TimeProvider.System);

        await notifier.NotifyAsync(Sample);

        var data = await mail.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("Subject: [KisTrader] Trading halted", data);
        Assert.Contains("by admin: test", data);
        Assert.Contains("To: ops@example.test", data);
    }

    /// <summary>Just enough SMTP (RFC 5321) for one message: greeting, EHLO, MAIL, RCPT, DATA, QUIT.</summary>
    [Fact]
    public async Task EachChannel_RateLimitsAlerts_ButNeverOtherNotifications_AndTakesAlertsAgainWhenItsWindowHasPassed()
    {
        var posts = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/hook", () => { Interlocked.Increment(ref posts); return Results.Ok(); });
        await app.StartAsync();
        var clock = new KisTrader.Testing.ManualTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var bus = new KisTrader.Tests.Core.Graphs.Fakes.RecordingBus();
        var options = new NotificationsOptions { WebhookUrl = new Uri(app.Urls.First() + "/hook"), WebhookPerMinute = 2, DashboardPerMinute = 3 };
        var notifier = new Notifier(bus, options, new Clients(), NullLogger<Notifier>.Instance, clock);

        for (var i = 0; i < 5; i++)
            await notifier.NotifyAsync(Sample with { Title = $"alert {i}", RateLimited = true });
        Assert.Equal(2, posts);
        Assert.Equal(["alert 0", "alert 1", "alert 2"], bus.OfType<NotificationRaised>().Select(n => n.Notification.Title));

        // A halt is not an alert: it goes out whatever the alerts used up.
        await notifier.NotifyAsync(Sample with { Title = "halted" });
        Assert.Equal(3, posts);
        Assert.Equal("halted", bus.OfType<NotificationRaised>().Last().Notification.Title);

        clock.Advance(TimeSpan.FromMinutes(1));
        await notifier.NotifyAsync(Sample with { Title = "later", RateLimited = true });
        Assert.Equal(4, posts);
        Assert.Equal("later", bus.OfType<NotificationRaised>().Last().Notification.Title);
    }

    private static async Task<string> ServeOneSmtpMessageAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost ESMTP test");
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ')[0].ToUpperInvariant();
            if (verb is "EHLO" or "HELO") await writer.WriteLineAsync("250 localhost");
            else if (verb is "MAIL" or "RCPT" or "RSET" or "NOOP") await writer.WriteLineAsync("250 OK");
            else if (verb == "DATA")
            {
                await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                while (await reader.ReadLineAsync() is { } body && body != ".")
                    data.AppendLine(body);
                await writer.WriteLineAsync("250 OK queued");
            }
            else if (verb == "QUIT")
            {
                await writer.WriteLineAsync("221 bye");
                break;
            }
            else await writer.WriteLineAsync("502 not implemented");
        }
        return data.ToString();
    }
}
