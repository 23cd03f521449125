using KisTrader.Web.Scheduling;

namespace KisTrader.ComponentTests;

public sealed class FakeRunner : IOperationalRunner
{
    public List<string> Triggers { get; } = [];
    public OperationalRunOutcome Outcome { get; set; } = new("new-run", "Completed", "llm: 0 planned");

    public Task<OperationalRunOutcome> RunAsync(string trigger, CancellationToken ct = default)
    {
        Triggers.Add(trigger);
        return Task.FromResult(Outcome);
    }
}
