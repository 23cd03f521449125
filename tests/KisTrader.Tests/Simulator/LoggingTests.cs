using Microsoft.Extensions.Logging;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>Secrets and account numbers never reach the logs, whatever level the host logs at.</summary>
public sealed class LoggingTests
{
    private sealed class Capture : ILoggerProvider
    {
        public List<string> Lines { get; } = [];
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines) owner.Lines.Add(category + " " + formatter(state, exception) + " " + exception);
            }
        }
    }

    [Fact]
    public async Task TraceLevelLogs_ContainNoAccountNumberTokenOrAppSecret()
    {
        var capture = new Capture();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(capture));
        await using (var c = await StartAsync(loggerFactory: factory))
        {
            Assert.Equal("0", (await c.BalanceAsync()).RtCd);
            Assert.Equal("0", (await c.BuyAsync("005930", 1)).RtCd);
            await c.PriceAsync("005930");
            lock (capture.Lines)
            {
                Assert.NotEmpty(capture.Lines);
                Assert.DoesNotContain(capture.Lines, l => l.Contains(Cano) || l.Contains(c.Token) || l.Contains(c.AppSecret));
            }
        }
    }
}
