using KisTrader.Core.Decisions;
using KisTrader.Core.Prompts;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Reflection.Fakes;
using KisTrader.Testing;
using KisTrader.Web.Reflection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web.Reflection;

public sealed class EnforcedRulesWatcherTests
{
    [Fact]
    public async Task AVersionActivatedByAnotherProcess_BecomesTheEnforcedRuleSetWithinOneInterval()
    {
        var h = new ReflectionHarness();
        await h.Versioning.LoadEnforcedRulesAsync();
        using var watcher = new EnforcedRulesWatcher(h.Prompts, h.Versioning, h.Time, NullLogger<EnforcedRulesWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        // "Another process": its own versioning (and enforced set) over the same database.
        var rule = new StrategyRule
        {
            RuleId = "R-20261123-01", Category = RuleCategory.Entry, Condition = "side == \"BUY\" and rsi14 >= 70",
            Action = RuleAction.Block, Priority = 8, Rationale = "overbought buys lost", Status = RuleStatus.Adopted,
            CreatedAt = ReflectionHarness.Now,
        };
        await h.Rules.AddAsync(rule);
        var elsewhere = new PromptVersioning(h.Prompts, h.Rules, h.Archive, new ActiveStrategyRules(),
            new FilePromptSource(Path.Combine(AppProcess.RepoRoot, "prompts", "core_decision_prompt.md")), h.Time);
        await elsewhere.CreateVersionAsync([rule], "admin", "adopted from the command line", null);
        Assert.Empty(h.Active.Current);

        // The service's loop starts on a thread of its own and may create its timer late: keep the clock moving.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Active.Current.Count == 0 && DateTime.UtcNow < deadline)
        {
            h.Time.Advance(EnforcedRulesWatcher.Interval);
            await Task.Delay(50);
        }
        Assert.Equal(["R-20261123-01"], h.Active.Current.Select(r => r.RuleId));
        await watcher.StopAsync(CancellationToken.None);
    }
}
