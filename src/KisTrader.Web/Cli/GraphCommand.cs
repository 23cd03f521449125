using System.CommandLine;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Cli;

/// <summary><c>graph run --cycles N [--approval off|required|abovevalue] [--interval SECONDS]</c>: runs the operational
/// graph N times against the configured environment (the built-in simulator by default), prints each run's summary
/// and exits 0 (1 when a run failed, 2 for bad arguments, a sub-command other than <c>run</c> included, or configuration).</summary>
public static class GraphCommand
{
    public static Task<int> RunAsync(string[] args) => CliVerb.RunAsync(Create(), args);

    /// <summary>The verb's command and its action, for the one root command (<see cref="CommandLine.Root"/>).</summary>
    public static Command Create()
    {
        var cycles = new Option<int>("--cycles") { Description = "How many runs", DefaultValueFactory = _ => 1 };
        var approval = new Option<string?>("--approval") { Description = "Override Trading:ApprovalMode (off, required, abovevalue)" };
        var interval = new Option<int>("--interval") { Description = "Seconds between runs", DefaultValueFactory = _ => 5 };
        var run = new Command("run", "Run the operational graph") { cycles, approval, interval };
        var graph = new Command("graph", "The operational graph") { run };
        // "graph" alone or "graph runn" ends here (the stray word goes to the host's settings): bad arguments, exit 2.
        graph.SetAction(async (parse, _) =>
        {
            var sub = parse.Tokens.Count > 1 ? $" '{parse.Tokens[1].Value}'" : "";
            return await CliVerb.Refuse($"KisTrader: unknown graph command{sub}: the graph verb has one command, run.\n"
                + "Usage: " + CommandLine.Verbs.First(v => v.Name == "graph").Usage);
        });

        run.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(cycles);
            if (n < 1)
            {
                return await CliVerb.Refuse("--cycles must be at least 1.");
            }
            var overrides = CliVerb.OneShotHostOverrides();
            if (parse.GetValue(approval) is { } mode)
            {
                var parsed = mode.ToLowerInvariant() switch { "off" => "Off", "required" => "Required", "abovevalue" => "AboveValue", _ => null };
                if (parsed is null)
                {
                    return await CliVerb.Refuse("--approval must be off, required or abovevalue.");
                }
                overrides["Trading:ApprovalMode"] = parsed;
            }
            var hostArgs = parse.UnmatchedTokens.ToArray();
            if (await CommandLine.RefusedAsync(hostArgs))
                return CommandLine.ExitUsage;
            var (app, logger, _, exit) = await KisTraderHost.BuildAsync(hostArgs, overrides, holder: "graph run");
            if (app is null)
                return exit;
            await app.StartAsync(ct);
            var failed = 0;
            try
            {
                var runner = app.Services.GetRequiredService<IOperationalRunner>();
                var time = app.Services.GetRequiredService<TimeProvider>();
                var started = time.GetUtcNow();
                for (var i = 1; i <= n; i++)
                {
                    var outcome = await runner.RunAsync("cli", ct);
                    Console.WriteLine($"run {i}/{n}: {outcome.Status} {outcome.RunId} {outcome.Summary}");
                    if (outcome.Status == "Failed") failed++;
                    if (i < n) await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(interval))), ct);
                }
                // Fills arrive by notice a moment after the run; give the last ones a chance, then make sure every
                // filled order has its trade row before the process exits (start-up would catch up anyway).
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                var recorder = app.Services.GetRequiredService<TradeRecorder>();
                await recorder.RecordMissingAsync(started, time.GetUtcNow().AddMinutes(1), ct);
                var orders = await app.Services.GetRequiredService<IOrderLedger>().ListAsync(started, time.GetUtcNow().AddMinutes(1), ct);
                Console.WriteLine($"total: {orders.Count} orders, {orders.Count(o => o.FilledQuantity > 0)} with fills, "
                    + $"{orders.Count(o => o.TradeId is not null)} trades recorded, {orders.Count(o => !o.IsFinal)} still open");
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
            return failed == 0 ? 0 : 1;
        });
        return graph;
    }
}
