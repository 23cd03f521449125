using KisTrader.Simulator;

namespace KisTrader.Tests.Loopback.Support;

/// <summary>Starts a simulator on 127.0.0.1:0 with the loopback universe, always open, no faults.</summary>
public static class LoopbackSimulator
{
    public static Task<SimulatorHost> StartAsync(SimulatorMode mode, Action<SimulatorSettings>? configure = null)
    {
        var settings = new SimulatorSettings
        {
            Mode = mode,
            AlwaysOpen = true,
            Universe = LoopbackUniverse.Create(),
            TickInterval = TimeSpan.FromMilliseconds(200),
            // Two years of history plus a margin for the windowed chart test (about three years of business days).
            HistoryDays = 780,
        };
        configure?.Invoke(settings);
        return SimulatorHost.StartAsync(settings);
    }
}

/// <summary>One paper-mode simulator shared by a test class; every test uses its own account and app key.</summary>
public sealed class PaperSimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LoopbackSimulator.StartAsync(SimulatorMode.Paper);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One real-mode simulator shared by a test class; every test uses its own account and app key.</summary>
public sealed class RealSimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LoopbackSimulator.StartAsync(SimulatorMode.Real);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public static class SimulatorHostExtensions
{
    /// <summary>Waits until every instrument has traded today (the market timer has run), so tapes and minute
    /// charts have something to show. Polls the exchange state; fails after 10 s.</summary>
    public static async Task WaitForTradingAsync(this SimulatorHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (host.Exchange.Gate)
                if (host.Exchange.Instruments.Where(i => i.Code != LoopbackUniverse.Thin).All(i => i.Volume > 0)) return;
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("The simulated market did not trade within 10 s.");
            }
        }
    }

    /// <summary>The simulator's trading date (KST).</summary>
    public static DateOnly TradingDate(this SimulatorHost host)
    {
        lock (host.Exchange.Gate) return host.Exchange.Instruments[0].TradingDate;
    }
}
