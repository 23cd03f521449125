using System.Net.Http.Json;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Notifications;

/// <summary>Posts to a Slack-compatible incoming webhook: <c>{"text": "..."}</c>. The URL is a secret.</summary>
public sealed class WebhookNotifier(HttpClient http, Uri webhook)
{
    public async Task SendAsync(Notification n, CancellationToken ct)
    {
        var icon = n.Level switch
        {
            NotificationLevel.Error => ":rotating_light:",
            NotificationLevel.Warning => ":warning:",
            NotificationLevel.Success => ":white_check_mark:",
            _ => ":information_source:",
        };
        using var response = await http.PostAsJsonAsync(webhook, new { text = $"{icon} *{n.Title}*\n{n.Message}" }, ct);
        // The status only: a webhook's error body may echo the URL's token.
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The webhook answered HTTP {(int)response.StatusCode}.");
    }
}
