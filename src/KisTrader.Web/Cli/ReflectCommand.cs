using System.CommandLine;
using System.Globalization;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Web.Hosting;
using KisTrader.Web.Reflection;

namespace KisTrader.Web.Cli;

/// <summary><c>reflect [--pnl]</c>: runs the reflection graph once against the configured environment and prints the
/// report, or (<c>--pnl</c>) runs the P&amp;L follow-up once. Exits 0, 1 when the run failed, 2 for bad arguments or
/// configuration, like <c>graph run</c>.</summary>
public static class ReflectCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter? output = null) =>
        CliVerb.RunAsync(Create(output), args, output);

    /// <summary>The verb's command and its action, for the one root command (<see cref="CommandLine.Root"/>).</summary>
    public static Command Create(TextWriter? output = null)
    {
        var console = output ?? Console.Out;
        var pnl = new Option<bool>("--pnl") { Description = "Run the P&L follow-up (pnl_7_days, pnl_30_days) instead of a reflection" };
        var reflect = new Command("reflect", "Run the reflection graph once and print its report") { pnl };

        reflect.SetAction(async (parse, ct) =>
        {
            // No schedule in this process: the run here is the only one it makes.
            var overrides = CliVerb.OneShotHostOverrides();
            var unmatched = parse.UnmatchedTokens.ToArray();
            if (await CommandLine.RefusedAsync(unmatched))
                return CommandLine.ExitUsage;
            var (app, _, _, exit) = await KisTraderHost.BuildAsync(unmatched, overrides, console, holder: "reflect");
            if (app is null)
                return exit;
            await app.StartAsync(ct);
            try
            {
                return parse.GetValue(pnl)
                    ? await FollowUpAsync(app.Services, console, ct)
                    : await ReflectAsync(app.Services, console, ct);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        });
        return reflect;
    }

    private static async Task<int> FollowUpAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        var r = await services.GetRequiredService<IPnlFollowUp>().RunAsync(ct);
        console.WriteLine($"pnl follow-up: {r.Updated7Days} 7-day and {r.Updated30Days} 30-day P&L filled, {r.Pending} pending, {r.Errors.Count} errors");
        foreach (var e in r.Errors) console.WriteLine($"  error: {e}");
        return r.Errors.Count == 0 ? 0 : 1;
    }

    private static async Task<int> ReflectAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        var outcome = await services.GetRequiredService<IReflectionService>().ReflectAsync("cli", ct);
        console.WriteLine($"reflection: {outcome.Status} · report {outcome.ReportId ?? "-"} · run {outcome.RunId ?? "-"} · {outcome.Summary}");
        var report = outcome.ReportId is { } id ? await services.GetRequiredService<IReflectionReportStore>().GetAsync(id, ct) : null;
        if (report is not null)
        {
            var rules = await services.GetRequiredService<IStrategyRuleStore>().ListAsync(report.ReportId, null, ct);
            foreach (var line in Describe(report, rules)) console.WriteLine(line);
        }
        return string.Equals(outcome.Status, ReflectionJob.Failed, StringComparison.OrdinalIgnoreCase) || report?.Status == ReflectionStatus.Failed ? 1 : 0;
    }

    /// <summary>The report as text lines (also what the tests read).</summary>
    public static IEnumerable<string> Describe(ReflectionReport report, IReadOnlyList<StrategyRule> rules)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return $"period: {KoreaTime.Format(report.PeriodFrom)} to {KoreaTime.Format(report.PeriodTo)} KST";
        if (report.Performance is { } p)
        {
            yield return string.Create(inv, $"trades: {p.Trades} ({p.Buys} buys, {p.Sells} sells) · round trips: {p.RoundTrips.Count} · win rate: {p.WinRate * 100m:0.0}%");
            yield return string.Create(inv, $"realised net P&L: {p.RealisedNetPnl:#,0} KRW (costs {p.TotalCosts:#,0} KRW) · average return {p.AverageReturnPercent:0.00}% · worst loss {p.WorstLossKrw:#,0} KRW");
            if (p.BrokerCheck is { } b)
                yield return b.Consistent
                    ? $"broker cross-check: consistent ({string.Join(", ", b.Sources)}: {b.Matched} of {b.BrokerExecutions} executions matched)"
                    : $"broker cross-check: {(b.Error is { } err ? "incomplete: " + err : string.Join("; ", b.Differences))}";
        }
        if (report.Error is { } error) yield return $"error: {error}";
        if (report.LlmNote is { } note) yield return $"llm: {note}";
        var top = report.Insights.OrderByDescending(i => i.Score).Take(5).ToList();
        yield return top.Count == 0 ? "insights: none" : "insights:";
        for (var i = 0; i < top.Count; i++)
        {
            var x = top[i];
            yield return string.Create(inv, $"  {i + 1}. score {x.Score:0.00} · {x.Condition} · {x.Trades} trades, {x.Losers} lost · avg {x.AverageReturnPercent:0.00}% · {x.Description}");
        }
        yield return rules.Count == 0 ? "rules: none proposed" : "rules:";
        foreach (var r in rules)
        {
            var shadow = r.Shadow is { } s
                ? string.Create(inv, $"shadow: matched {s.Matched}, blocked {s.BlockedLosers} losers / {s.BlockedWinners} winners, net effect {s.NetEffectKrw:+#,0;-#,0;0} KRW")
                : "no shadow result";
            yield return $"  {r.RuleId} {r.Status} {RuleText.Action(r)} (priority {r.Priority}) when {r.Condition} · {shadow}";
            if (r.Backtest is { } bt) yield return $"    {bt.Describe()}";
            foreach (var reason in r.RejectionReasons) yield return $"    - {reason}";
        }
        yield return report.PromptVersion is { } v ? $"prompt: new version {v} is active" : "prompt: unchanged (no rule adopted)";
    }
}
