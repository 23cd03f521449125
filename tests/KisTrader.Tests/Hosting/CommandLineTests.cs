using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Cli;

namespace KisTrader.Tests.Hosting;

/// <summary>Issue 14, finding 7: a mistyped command started the whole trading app on the default data directory. The
/// real executable in its own process, in an empty working directory (where the default data directory would be).</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("bakup")]
    [InlineData("bakup", "/x", "--Database:DataDirectory", "d")]
    [InlineData("frobnicate", "--urls", "http://127.0.0.1:0")]
    [InlineData("Graph", "run")]
    public async Task An_unknown_verb_exits_2_with_the_list_of_verbs_and_creates_nothing(params string[] args)
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, args, Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains($"unknown command '{args[0]}'", result.StandardError);
        foreach (var verb in CommandLine.Verbs) Assert.Contains("  " + verb.Usage, result.StandardError);
        // Neither the default data directory (data/ under the working directory), nor "d", nor logs.
        Assert.True(Directory.GetFileSystemEntries(dir.Root).Length == 0,
            "created: " + string.Join(", ", Directory.GetFileSystemEntries(dir.Root)) + "\n" + result.Describe());
    }

    [Theory]
    [InlineData("/x")]
    [InlineData("-x")]
    [InlineData("stray")]
    public async Task A_slash_switch_or_stray_word_among_the_web_apps_settings_exits_2_instead_of_swallowing_or_skipping_a_setting(string odd)
    {
        using var dir = new TempDataDir();

        // Read by ASP.NET Core alone, "/x" would take "--Logs:Directory" as its value, and the logs would go to the default.
        var result = await CliProcess.RunAsync(dir.Root,
            ["--Database:DataDirectory", dir.DataDir, odd, "--Logs:Directory", dir.LogDir, "--urls", "http://127.0.0.1:0"], Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains($"'{odd}'", result.StandardError);
        Assert.True(Directory.GetFileSystemEntries(dir.Root).Length == 0, result.Describe());
    }

    [Fact]
    public async Task A_slash_argument_after_a_verb_exits_2_before_the_database_is_opened()
    {
        using var dir = new TempDataDir();

        var backup = await CliProcess.RunAsync(dir.Root, ["backup", "/x", "--Database:DataDirectory", dir.DataDir], Timeout);
        var graph = await CliProcess.RunAsync(dir.Root, ["graph", "run", "--cycles", "1", "/x", "--Database:DataDirectory", dir.DataDir], Timeout);

        Assert.True(backup.ExitCode == 2, backup.Describe());
        Assert.Contains("'/x'", backup.StandardError);
        Assert.True(graph.ExitCode == 2, graph.Describe());
        Assert.Contains("'/x'", graph.StandardError);
        Assert.True(Directory.GetFileSystemEntries(dir.Root).Length == 0, graph.Describe());
    }

    [Theory]
    [InlineData("graph", "runn")]
    [InlineData("graph")]
    public async Task Graph_with_an_unknown_or_missing_sub_command_exits_2(params string[] args)
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, args, Timeout);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("the graph verb has one command, run", result.StandardError);
        Assert.True(Directory.GetFileSystemEntries(dir.Root).Length == 0, result.Describe());
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_every_verb_and_exits_0(string help)
    {
        using var dir = new TempDataDir();

        var result = await CliProcess.RunAsync(dir.Root, [help], Timeout);

        Assert.True(result.ExitCode == 0, result.Describe());
        foreach (var verb in CommandLine.Verbs) Assert.Contains("  " + verb.Usage, result.StandardOutput);
        Assert.True(Directory.GetFileSystemEntries(dir.Root).Length == 0, result.Describe());
    }

    [Fact]
    public void The_README_lists_the_same_verbs_as_help()
    {
        var readme = File.ReadAllText(Path.Combine(AppProcess.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("\n## Command line", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];

        foreach (var verb in CommandLine.Verbs) Assert.Contains(verb.Usage, section);
    }
}

/// <summary>The check that every argument handed to the host is a setting the configuration provider reads whole.</summary>
public sealed class HostArgumentsTests
{
    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:5080")]
    [InlineData("--Database:DataDirectory", "/srv/kistrader/data")]
    [InlineData("--Database:DataDirectory=/srv/kistrader/data", "Kis:Environment=Paper")]
    [InlineData("--contentRoot", "/app", "--Logs:Directory", "/var/log/kistrader")]
    [InlineData("--Trading:Reason", "-5 is a value")]
    public void Settings_are_accepted(params string[] args) => Assert.Null(HostArguments.Problem(args));

    [Theory]
    [InlineData("'/x'", "/x", "--Database:DataDirectory", "d")]
    [InlineData("'/x'", "--Database:DataDirectory", "d", "/x", "v")]
    [InlineData("'-x'", "-x", "v")]
    [InlineData("'bakup'", "bakup")]
    [InlineData("'d2'", "--Database:DataDirectory", "d", "d2")]
    [InlineData("'--urls' has no value", "--urls")]
    [InlineData("'--urls' is followed by '--Database:DataDirectory'", "--urls", "--Database:DataDirectory", "d")]
    [InlineData("'--=x'", "--=x")]
    [InlineData("'=x'", "=x")]
    public void Whatever_the_provider_would_skip_or_swallow_is_refused_by_name(string named, params string[] args)
    {
        var problem = HostArguments.Problem(args);

        Assert.NotNull(problem);
        Assert.Contains(named, problem);
    }
}

/// <summary>Issue 16: one System.CommandLine root command holds every verb; its --help lists them all, and VERB --help
/// gives that verb's usage without running it (in process: nothing here opens a database or starts a host).</summary>
public sealed class RootCommandTests
{
    [Fact]
    public async Task The_root_command_has_every_verb_and_its_help_lists_them_all()
    {
        using var output = new StringWriter();
        var root = CommandLine.Root(output);

        var exit = await CliVerb.InvokeAsync(root, ["--help"]);

        Assert.Equal(CommandLine.Verbs.Select(v => v.Name), root.Subcommands.Select(c => c.Name));
        Assert.Equal(0, exit);
        foreach (var verb in CommandLine.Verbs) Assert.Contains("  " + verb.Usage + Environment.NewLine, output.ToString());
    }

    [Fact]
    public async Task Each_verbs_help_prints_its_usage_and_exits_0_even_without_its_required_arguments()
    {
        foreach (var verb in CommandLine.Verbs)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            string[] args = verb.Name == "graph" ? ["graph", "run", "--help"] : [verb.Name, "--help"];

            var exit = await CliVerb.InvokeAsync(CommandLine.Root(output), args, error);

            Assert.True(exit == 0, $"{verb.Name}: exit {exit}, {error}");
            Assert.StartsWith("Usage: KisTrader " + verb.Usage, output.ToString());
        }
    }

    [Fact]
    public async Task A_parse_error_exits_2_with_the_message_before_anything_runs()
    {
        using var error = new StringWriter();

        var exit = await CliVerb.InvokeAsync(CommandLine.Root(), ["backtest", "--to", "2026-01-31", "--engine", "magic"], error);

        Assert.Equal(CommandLine.ExitUsage, exit);
        Assert.Contains("--from", error.ToString());
        Assert.Contains("magic", error.ToString());
    }
}
