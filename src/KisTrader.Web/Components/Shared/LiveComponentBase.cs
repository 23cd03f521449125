using Microsoft.AspNetCore.Components;

namespace KisTrader.Web.Components.Shared;

/// <summary>A component fed by the event bus: handlers mark it dirty and it re-renders at most every
/// <see cref="RenderInterval"/>, so a burst of ticks costs one render, not hundreds.</summary>
public abstract class LiveComponentBase : ComponentBase, IAsyncDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private ITimer? _timer;
    private int _dirty;

    [Inject] protected TimeProvider Time { get; set; } = default!;

    protected virtual TimeSpan RenderInterval => TimeSpan.FromMilliseconds(250);

    protected void Track(IDisposable subscription) => _subscriptions.Add(subscription);

    protected void MarkDirty() => Interlocked.Exchange(ref _dirty, 1);

    protected override void OnAfterRender(bool firstRender)
    {
        // Only a live circuit re-renders on its own; prerendering shows the first snapshot.
        if (firstRender && RendererInfo.IsInteractive)
            _timer = Time.CreateTimer(_ => _ = InvokeAsync(RenderIfDirty), null, RenderInterval, RenderInterval);
    }

    private void RenderIfDirty()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 1)
            StateHasChanged();
    }

    public virtual async ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        foreach (var s in _subscriptions)
            s.Dispose();
        _subscriptions.Clear();
        await Task.CompletedTask;
        GC.SuppressFinalize(this);
    }
}
