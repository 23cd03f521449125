using System.Security.Claims;
using KisTrader.Web.Identity;

namespace KisTrader.ComponentTests;

public sealed class FakeUserPreferences : IUserPreferences
{
    public Dictionary<string, bool> Dark { get; } = [];

    public Task<bool> IsDarkModeAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        Task.FromResult(user.Identity?.Name is { } n && Dark.GetValueOrDefault(n));

    public Task SetDarkModeAsync(ClaimsPrincipal user, bool dark, CancellationToken ct = default)
    {
        Dark[user.Identity!.Name!] = dark;
        return Task.CompletedTask;
    }
}
