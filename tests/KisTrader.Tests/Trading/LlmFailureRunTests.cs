using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Tests.Llm;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Live;

namespace KisTrader.Tests.Trading;

/// <summary>Acceptance: a failing LLM is visible in the composed app. Each failed decision fails its run with the reason
/// (summary, error, Runs list), is logged as a warning and notified once per streak; after Llm:MaxConsecutiveFailures the
/// rules engine decides, announced like the budget fallback, until the LLM answers again.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class LlmFailureRunTests
{
    private const string Http500 = """{"error":{"message":"model crashed","type":"server_error"}}""";

    [Fact]
    public async Task FailingLlm_FailsEachRunWithTheReason_ThenTheRulesEngineDecides_UntilTheLlmAnswersAgain()
    {
        await using var llm = await LoopbackChatServer.StartAsync();
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, LlmPlans.Settings(llm, ("Llm:MaxConsecutiveFailures", "3")));
        var notes = new List<Notification>();
        using var _ = app.Get<IEventBus>().Subscribe<NotificationRaised>((e, _) =>
        {
            lock (notes) notes.Add(e.Notification);
            return ValueTask.CompletedTask;
        });

        for (var i = 1; i <= 3; i++)
        {
            llm.Enqueue(new ChatReply("", Status: 500, RawBody: Http500));
            var outcome = await app.RunAsync();

            Assert.True(outcome.Status == "Failed", $"run {i}: {outcome.Status} {outcome.Summary}");
            var run = await app.RunRecordAsync(outcome.RunId!);
            Assert.Equal("llm: decision failed: the LLM call failed: HTTP 500 Internal Server Error", run.Error);
            Assert.Equal(run.Error, run.Summary);
            Assert.Equal(run.Error, outcome.Summary);
        }
        Assert.Equal(3, llm.Requests.Count); // a 500 is never retried

        // The fourth failure: the rules engine decides the run instead, and says so.
        llm.Enqueue(new ChatReply("", Status: 500, RawBody: Http500));
        var fallback = await app.RunAsync();
        Assert.NotEqual("Failed", fallback.Status);
        var state = await app.StateAsync(fallback.RunId!);
        Assert.Equal(RulesDecisionEngine.EngineName, state.Engine);
        Assert.Equal(DecisionEngineSelector.FailureNotice(3), state.EngineNotice);
        Assert.Contains(state.Report!.Lines, l => l == "llm failed (the LLM call failed: HTTP 500 Internal Server Error): rules decided instead");
        var status = app.Get<SystemStatus>();
        await Poll.UntilAsync(() => Task.FromResult(status.EngineNotice is not null), TimeSpan.FromSeconds(10), "the status strip to show the fallback");
        Assert.Equal("Rules (LLM fallback)", status.DecisionEngine);

        // The LLM answers: it decides again and the notice is gone.
        llm.Enqueue(new ChatReply("""{"orders":[],"market_view":"Calm.","hold_reason":"No setup."}"""));
        var back = await app.RunAsync();
        Assert.Equal("Completed", back.Status);
        var backState = await app.StateAsync(back.RunId!);
        Assert.Equal(LlmDecisionEngine.EngineName, backState.Engine);
        Assert.Null(backState.EngineNotice);
        await Poll.UntilAsync(() => Task.FromResult(status.EngineNotice is null), TimeSpan.FromSeconds(10), "the status strip to clear the fallback");

        // Notified once per streak, the fallback once, the return once: not on every run.
        await Poll.UntilAsync(() => { lock (notes) return Task.FromResult(notes.Any(n => n.Message == "llm decides again")); },
            TimeSpan.FromSeconds(10), "the LLM's return to be announced");
        lock (notes)
        {
            Assert.Single(notes, n => n.Title == "LLM decision failed" && n.Message.EndsWith("HTTP 500 Internal Server Error", StringComparison.Ordinal));
            Assert.Single(notes, n => n.Title == "Decision engine" && n.Message == DecisionEngineSelector.FailureNotice(3));
        }

        // And logged as warnings with the reason in words.
        await Poll.UntilAsync(() => Task.FromResult(LogText(dir).Contains("LLM decision failed", StringComparison.Ordinal)), TimeSpan.FromSeconds(10),
            "the warning in the log");
        Assert.Contains("HTTP 500 Internal Server Error", LogText(dir));
        Assert.DoesNotContain("HTTP 0", LogText(dir));
        Assert.DoesNotContain(LlmPlans.ApiKey, LogText(dir));
    }

    private static string LogText(TempDataDir dir)
    {
        if (!Directory.Exists(dir.LogDir)) return "";
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.EnumerateFiles(dir.LogDir, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            text.Append(new StreamReader(stream).ReadToEnd());
        }
        return text.ToString();
    }
}
