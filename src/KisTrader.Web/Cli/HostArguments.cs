namespace KisTrader.Web.Cli;

/// <summary>Settings on the command line (<c>--Section:Key VALUE</c>, <c>--Section:Key=VALUE</c>, <c>Section:Key=VALUE</c>),
/// checked before anything is built. ASP.NET Core's command-line configuration provider silently skips a bare word
/// (a mistyped verb) or a single-dash switch, and reads <c>/x</c> as the setting <c>x</c> with the next argument as its
/// value: <c>bakup /x --Database:DataDirectory d</c> started the web app on the default data directory, the
/// <c>--Database:DataDirectory</c> having become the value of <c>x</c> and <c>d</c> skipped. Here each argument is read
/// the way the provider will read it, and whatever it would skip or swallow is refused instead.</summary>
public static class HostArguments
{
    /// <summary>Null when every argument is a setting; otherwise the reason, naming the argument.</summary>
    public static string? Problem(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq == 2 || arg.Length == 2)
                    return $"'{arg}' names no setting.";
                if (eq > 2)
                    continue;
                if (i + 1 == args.Count)
                    return $"'{arg}' has no value: write {arg} VALUE or {arg}=VALUE.";
                var value = args[++i];
                // The provider would take the next setting as this one's value, and lose it.
                if (value.StartsWith("--", StringComparison.Ordinal))
                    return $"'{arg}' is followed by '{value}' instead of a value: write {arg}=VALUE if the value really starts with --.";
            }
            else if (arg.StartsWith('/'))
                return $"'{arg}': an argument starting with / would be read as the setting '{arg[1..]}' taking the next argument as its value; "
                    + $"write --{arg[1..]} VALUE (a path that is a value goes after its --Key).";
            else if (arg.StartsWith('-'))
                return $"'{arg}' is not an option here: settings are --Section:Key VALUE or Section:Key=VALUE.";
            else if (arg.IndexOf('=', StringComparison.Ordinal) <= 0)
                return $"unexpected argument '{arg}': settings are --Section:Key VALUE or Section:Key=VALUE.";
        }
        return null;
    }
}
