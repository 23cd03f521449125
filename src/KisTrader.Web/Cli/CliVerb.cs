using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace KisTrader.Web.Cli;

/// <summary>What every verb does alike, in one place: a refusal (the message on standard error, exit 2), the parse
/// errors (each on standard error, exit 2), <c>--help</c> (that verb's usage, nothing run) and the settings after the
/// verb's own arguments, which go to the host and so are never parse errors here.</summary>
public static class CliVerb
{
    /// <summary>The root command over <paramref name="verbs"/>: everything a verb does not recognise is a setting for the
    /// host (checked by <see cref="HostArguments"/> in the verb), and <c>--help</c> prints the product's own usage.</summary>
    public static RootCommand Root(IEnumerable<Command> verbs, TextWriter? output = null)
    {
        var root = new RootCommand("KisTrader: the web app (no verb) or one of the verbs below");
        foreach (var verb in verbs) root.Subcommands.Add(verb);
        // Everything after a verb's own arguments is configuration (e.g. --Database:DataDirectory /srv/kistrader).
        root.TreatUnmatchedTokensAsErrors = false;
        foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new UsageAction(root, output);
        return root;
    }

    /// <summary>Parses <paramref name="args"/> with <paramref name="root"/> and runs what they name: help, or the verb's
    /// action; parse errors exit 2 before anything runs.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        var errors = error ?? Console.Error;
        var parsed = root.Parse(args);
        if (parsed.Action is UsageAction)
            return await parsed.InvokeAsync();
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await errors.WriteLineAsync(e.Message);
            return CommandLine.ExitUsage;
        }
        return await parsed.InvokeAsync();
    }

    /// <summary>One verb alone (its own entry point, e.g. from a test): the same parsing as the root command's.</summary>
    public static Task<int> RunAsync(Command verb, string[] args, TextWriter? output = null, TextWriter? error = null) =>
        InvokeAsync(Root([verb], output), args, error);

    /// <summary>The verb refuses its arguments: the message on standard error, exit 2.</summary>
    public static async Task<int> Refuse(TextWriter errors, string message)
    {
        await errors.WriteLineAsync(message);
        return CommandLine.ExitUsage;
    }

    public static Task<int> Refuse(string message) => Refuse(Console.Error, message);

    /// <summary>Settings the configuration provider would skip or swallow (see <see cref="HostArguments"/>): refused by
    /// name, exit 2; null when every one is a setting.</summary>
    public static async Task<int?> RefuseHostArguments(IReadOnlyList<string> hostArgs, TextWriter? errors = null) =>
        HostArguments.Problem(hostArgs) is { } problem ? await Refuse(errors ?? Console.Error, "KisTrader: " + problem) : null;

    /// <summary>Settings for a verb that runs the whole host once (graph run, reflect, collect): no schedule, reflection or
    /// backup jobs in this process, and no fixed port.</summary>
    public static Dictionary<string, string?> OneShotHostOverrides() => new()
    {
        ["Trading:ScheduleEnabled"] = "false",
        ["Reflection:Enabled"] = "false",
        ["Backup:Enabled"] = "false",
        // The scheduler's state stays the web app's: this process's Hangfire keeps its own, in memory.
        ["Database:JobStorage"] = "InMemory",
        ["urls"] = "http://127.0.0.1:0",
    };

    /// <summary><c>KisTrader --help</c>: the list of verbs; <c>KisTrader VERB --help</c>: that verb's usage.</summary>
    private sealed class UsageAction(RootCommand root, TextWriter? output) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var w = output ?? Console.Out;
            return VerbOf(parseResult) is { } verb ? CommandLine.VerbHelp(verb, w) : CommandLine.Help(w);
        }

        // The verb is the root's child on the way up from the command the arguments ended in (graph for "graph run").
        private CommandLine.Verb? VerbOf(ParseResult parseResult)
        {
            var result = parseResult.CommandResult;
            while (result.Parent is System.CommandLine.Parsing.CommandResult parent && parent.Command != root) result = parent;
            return result.Command == root ? null : CommandLine.Verbs.FirstOrDefault(v => v.Name == result.Command.Name);
        }
    }
}
