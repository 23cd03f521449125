using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using Microsoft.AspNetCore.SignalR;

namespace KisTrader.Web.Live;

/// <summary>Forwards ticks from the event bus to the browsers watching each ticker, and feed state to everyone.</summary>
public sealed class MarketHubForwarder(IEventBus bus, IHubContext<MarketHub> hub) : IHostedService
{
    private readonly List<IDisposable> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(bus.Subscribe<TickReceived>((e, ct) =>
            new ValueTask(hub.Clients.Group(MarketHub.GroupOf(e.Tick.Ticker)).SendAsync("tick", TickMessage.From(e.Tick), ct))));
        _subscriptions.Add(bus.Subscribe<FeedStateChanged>((e, ct) =>
            new ValueTask(hub.Clients.All.SendAsync("feed", e.State.ToString(), e.Reason, ct))));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in _subscriptions)
            s.Dispose();
        _subscriptions.Clear();
        return Task.CompletedTask;
    }
}
