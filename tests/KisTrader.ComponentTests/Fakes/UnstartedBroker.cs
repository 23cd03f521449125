using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Kis.Auth;
using KisTrader.Web.Broker;
using KisTrader.Web.Hosting;
using KisTrader.Core.Market;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KisTrader.ComponentTests;

/// <summary>The broker runtime the System page and the fault panel read, built but not started (no token, no feed,
/// no built-in simulator until a test gives it one).</summary>
public static class UnstartedBroker
{
    public static BrokerRuntime Create(AppSettings settings, IEventBus bus, TimeProvider clock) =>
        new(Options.Create(settings.Kis), Options.Create(settings.Simulator), Options.Create(settings.Database), Options.Create(settings.Trading), bus, new TickCache(), new PassThroughProtector(), new EphemeralDataProtectionProvider(), new SecretRedactor(), clock, NullLoggerFactory.Instance);

    /// <summary>Stored secrets as they are: nothing here is persisted.</summary>
    private sealed class PassThroughProtector : ISecretProtector
    {
        public byte[] Protect(byte[] plaintext) => plaintext;
        public byte[] Unprotect(byte[] protectedData) => protectedData;
    }
}
