using KisTrader.Testing;

namespace KisTrader.BrowserTests;

/// <summary>Its own app for the Backtests page: the test collects history, and a collection in the shared app would
/// leave the Data page's test only an incremental one, too quick to see its progress.</summary>
public sealed class BacktestsFixture : OwnAppFixture
{
    protected override Task<AppProcess> StartAppAsync() => AppProcess.StartAsync();
}
