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
    private readonly Lock _gate = new();
    private Task? _beforeListening;

    /// <summary>Completes once the steps that run after the app has started are done (or the app stopped first).</summary>
    public Task AfterStarted => _afterStarted.Task;

    /// <summary>Begins the steps that run before the server listens, without waiting for them: the web app's start begins
    /// them as soon as the schema is there, beside the admin seeding and the configuration record (docs/decisions.md,
    /// "Start-up work that needs only the schema runs side by side"). <see cref="StartAsync"/> awaits them (or runs them
    /// when nothing began them), so the server still listens only after they are done, and a step that stops the app
    /// still stops it from there.</summary>
    public Task BeginBeforeListening()
    {
        lock (_gate)
            return _beforeListening ??= Task.Run(() => sequence.RunAsync(StartupPhase.BeforeListening, CancellationToken.None));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeginBeforeListening().WaitAsync(cancellationToken);
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(RunAfterStartedAsync));
    }

    /// <summary>When the start fails after <see cref="BeginBeforeListening"/> (the seeding or the configuration record
    /// failed beside the steps): waits for the steps begun to end, whatever their outcome, then stops what they started.</summary>
    public async Task AbandonAsync()
    {
        Task? begun;
        lock (_gate) begun = _beforeListening;
        if (begun is null) return;
        try
        {
            await begun;
        }
        catch (Exception)
        {
            // Their own failure is logged by the sequence; the error that stops the start is the caller's.
        }
        await sequence.StopAsync(CancellationToken.None);
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
