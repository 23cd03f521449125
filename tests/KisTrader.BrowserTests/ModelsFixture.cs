using KisTrader.Testing;

namespace KisTrader.BrowserTests;

/// <summary>Its own app (a fresh data directory) for the Models page: the test collects history and trains a model,
/// which would change what the shared app's other pages show.</summary>
public sealed class ModelsFixture : OwnAppFixture
{
    protected override Task<AppProcess> StartAppAsync() => AppProcess.StartAsync();
}
