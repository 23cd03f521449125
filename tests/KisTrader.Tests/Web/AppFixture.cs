using KisTrader.Testing;

namespace KisTrader.Tests.Web;

/// <summary>One real app process shared by the tests of a class.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}
