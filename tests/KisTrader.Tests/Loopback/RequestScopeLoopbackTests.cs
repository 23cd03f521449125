using KisTrader.Kis;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>Issue 18, goal 2: a run's own REST calls are counted apart from the client's background work (the fill
/// tracker's polling), which <see cref="KisStatus.RequestsTotal"/> counts too.</summary>
public sealed class RequestScopeLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private static readonly string Code = LoopbackUniverse.Liquid(3);

    [Fact]
    public async Task Scope_CountsTheFlowsOwnRequestsByTrId_NotThoseOfWorkStartedOutsideIt()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        // Outside any scope: the token, and two quotes (so the quote's TR id is the one counted twice).
        await c.Client.MarketData.GetQuoteAsync(Code);
        await c.Client.MarketData.GetQuoteAsync(Code);
        var quoteTr = c.Status.RequestsByTrId.Single(kv => kv.Value == 2).Key;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Started before the scope: like a background loop, its calls are not the scope's even while it is open.
        var background = Task.Run(async () =>
        {
            await go.Task;
            await c.Client.Account.GetBalanceAsync();
        });
        var total = c.Status.RequestsTotal;

        using (var scope = KisRequestScope.Begin())
        {
            await c.Client.MarketData.GetQuoteAsync(Code);
            await Task.Run(() => c.Client.MarketData.GetQuoteAsync(Code)); // a task the flow starts is the flow's
            go.SetResult();
            await background;

            Assert.Equal(2, scope.Total);
            Assert.Equal(new Dictionary<string, long> { [quoteTr] = 2 }, scope.ByTrId);
            Assert.Equal(3, c.Status.RequestsTotal - total);
        }
        await c.Client.MarketData.GetQuoteAsync(Code); // after the scope: counted by the client only
        Assert.Equal(5, c.Status.RequestsByTrId[quoteTr]);
    }
}
