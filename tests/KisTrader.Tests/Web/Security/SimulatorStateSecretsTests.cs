using KisTrader.Core.Ports;
using KisTrader.Simulator;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Broker;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>Issue 14, finding 6: the app's built-in simulator keeps the tokens and approval keys it issued encrypted with the
/// app's own Data Protection keys (as the client's token cache is), and a restart still accepts the cached token.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class SimulatorStateSecretsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheBuiltInSimulatorsStateFile_HoldsNoIssuedTokenOrApprovalKeyInClear_AndARestartReusesTheToken()
    {
        using var dir = new TempDataDir();
        StateModel issued;
        await using (var app = await TradingApp.StartAsync(dir))
        {
            // A REST call, so an access token is issued (the feed alone only needs an approval key).
            await app.Get<IAccountReader>().GetBalanceAsync();
            var simulator = app.Get<BrokerRuntime>().Simulator!;
            simulator.Persist();
            issued = Issued(simulator);
        }
        Assert.NotEmpty(issued.Tokens);
        Assert.NotEmpty(issued.ApprovalKeys);

        var stateDir = Path.Combine(dir.DataDir, "simulator");
        Assert.True(File.Exists(Path.Combine(stateDir, StateStore.FileName)));
        // The app passed its own keys (data/keys): the simulator made no key ring of its own.
        Assert.False(Directory.Exists(Path.Combine(stateDir, StateStore.KeysDirectoryName)));
        var secrets = issued.Tokens.Select((t, i) => ($"token #{i + 1}", t.Token))
            .Concat(issued.ApprovalKeys.Select((k, i) => ($"approval key #{i + 1}", k.Key)))
            .ToDictionary(x => x.Item1, x => x.Item2);
        var scanner = new SecretScanner(secrets);
        scanner.ScanDirectory(dir.DataDir);
        Assert.True(scanner.Findings.Count == 0, string.Join("\n", scanner.Findings));

        // Restarted over the same data: the client's cached token is one the simulator still knows, so none is issued.
        await using (var app = await TradingApp.StartAsync(dir))
        {
            await app.Get<IAccountReader>().GetBalanceAsync();
            var again = Issued(app.Get<BrokerRuntime>().Simulator!);
            Assert.Equal(issued.Tokens.Select(t => t.Token).Order(), again.Tokens.Select(t => t.Token).Order());
        }
        output.WriteLine(SecurityReport.Record("simulatorState", new
        {
            tokensLookedFor = issued.Tokens.Count, approvalKeysLookedFor = issued.ApprovalKeys.Count, filesScanned = scanner.Files,
            plaintextFound = scanner.Findings.Count, tokenReusedAfterRestart = true,
        }));
    }

    private static StateModel Issued(SimulatorHost simulator)
    {
        var model = new StateModel();
        simulator.Auth.Export(model);
        return model;
    }
}
