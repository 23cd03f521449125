using System.Net;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>An HTTP client signed in as the admin through the real login form, with its cookies (for a
/// <see cref="HubClient"/>).</summary>
internal sealed record SignedInClient(HttpClient Client, CookieContainer Cookies) : IDisposable
{
    public static async Task<SignedInClient> SignInAsync(Uri baseUrl)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var response = await AppProcess.SignInAsync(client, AppProcess.AdminUser, TradingApp.AdminPassword);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return new SignedInClient(client, cookies);
    }

    public void Dispose() => Client.Dispose();
}
