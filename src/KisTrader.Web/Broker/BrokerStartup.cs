namespace KisTrader.Web.Broker;

/// <summary>Starts the broker connection before the web server accepts requests (hosted services start first), and
/// closes the realtime session politely on shutdown: KIS allows one session per app key.</summary>
public sealed class BrokerStartup(BrokerRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync();
}
