using System.CommandLine;
using System.Globalization;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;
using KisTrader.Ml;

namespace KisTrader.Web.Cli;

/// <summary><c>models</c> (every registered version, newest first per signal) and <c>evaluate VERSION [--signal]</c>
/// (one version's stored metrics). Exit 0 done, 2 bad arguments or an unknown version.</summary>
public static class ModelsCommand
{
    public static Task<int> RunListAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(CreateList(output, error), args, output, error);

    public static Task<int> RunEvaluateAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(CreateEvaluate(output, error), args, output, error);

    public static Command CreateList(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var command = new Command("models", "List the registered model versions");
        command.SetAction(async (parse, ct) =>
        {
            var (services, exit) = await OpenAsync(parse, errors, ct);
            if (services is null) return exit;
            await using (services)
            {
                var registry = services.GetRequiredService<IModelRegistry>();
                var versions = new List<ModelVersion>();
                foreach (var signal in await registry.SignalsAsync(ct)) versions.AddRange(await registry.ListAsync(signal, ct));
                if (versions.Count == 0)
                {
                    console.WriteLine("no model versions registered (run train)");
                    return 0;
                }
                ModelTable.WriteList(console, versions);
                return 0;
            }
        });
        return command;
    }

    public static Command CreateEvaluate(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var version = new Argument<string>("VERSION") { Description = "The version number (3 or v3)" };
        var signal = new Option<string>("--signal") { Description = "The signal", DefaultValueFactory = _ => SignalTraining.SignalName(new LabelSpec()) };
        var command = new Command("evaluate", "Print a model version's stored metrics") { version, signal };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(version)!;
            if (!int.TryParse(text.StartsWith('v') ? text[1..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                return await CliVerb.Refuse(errors, $"Evaluate refused: VERSION is a version number such as 3 or v3 (got '{text}').");
            var (services, exit) = await OpenAsync(parse, errors, ct);
            if (services is null) return exit;
            await using (services)
            {
                var registry = services.GetRequiredService<IModelRegistry>();
                var name = parse.GetValue(signal)!;
                if (await registry.GetAsync(name, number, ct) is not { } found)
                {
                    var known = await registry.ListAsync(name, ct);
                    return await CliVerb.Refuse(errors, $"Evaluate refused: {name} v{number} does not exist"
                        + (known.Count == 0 ? $" (no versions of {name}; see models)." : $" (versions v1..v{known.Max(v => v.Version)}; see models)."));
                }
                ModelTable.WriteVersion(console, found);
                return 0;
            }
        });
        return command;
    }

    private static async Task<(ServiceProvider? Services, int ExitCode)> OpenAsync(ParseResult parse, TextWriter errors, CancellationToken ct)
    {
        if (HostArguments.Problem(parse.UnmatchedTokens) is { } problem)
            return (null, await CliVerb.Refuse(errors, "KisTrader: " + problem));
        return await CliDatabase.OpenAsync([.. parse.UnmatchedTokens], ct);
    }
}
