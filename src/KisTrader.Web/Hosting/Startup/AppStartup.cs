namespace KisTrader.Web.Hosting.Startup;

/// <summary>
/// The one hosted service that brings the app up: the steps that must be done before the web server accepts a request
/// run in <see cref="StartAsync"/> (the host starts the server after it); the rest run once the app has started, off
/// the path to a healthy /healthz. Stopping waits for those to finish (they see the stop) and then takes down what the
/// steps started, in the reverse order.
/// </summary>
public sealed class AppStartup(StartupSequence sequence, IHostApplicationLifetime lifetime) : IHostedService
{
    private readonly TaskCompletionSource _afterStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _afterStartedBegun;

    /// <summary>Completes once the steps that run after the app has started are done (or the app stopped first).</summary>
    public Task AfterStarted => _afterStarted.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await sequence.RunAsync(StartupPhase.BeforeListening, cancellationToken);
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(RunAfterStartedAsync));
    }

    private async Task RunAfterStartedAsync()
    {
        if (Interlocked.Exchange(ref _afterStartedBegun, 1) == 1) return;
        try
        {
            await sequence.RunAsync(StartupPhase.AfterStarted, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping while still starting: what has started is stopped by StopAsync.
        }
        finally
        {
            _afterStarted.TrySetResult();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The after-started steps under way or done: let them see the stop and end first. Not begun yet: they never will.
        if (Interlocked.Exchange(ref _afterStartedBegun, 1) == 1)
            await AfterStarted.WaitAsync(cancellationToken);
        else
            _afterStarted.TrySetResult();
        await sequence.StopAsync(cancellationToken);
    }
}
