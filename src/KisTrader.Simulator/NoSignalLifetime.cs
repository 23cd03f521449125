using Microsoft.Extensions.Hosting;

namespace KisTrader.Simulator;

/// <summary>
/// The simulator's listener never hooks Ctrl+C/SIGTERM itself: inside the web app the app owns the
/// process signals, and the standalone program handles them in <see cref="SimulatorProgram"/>.
/// </summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
