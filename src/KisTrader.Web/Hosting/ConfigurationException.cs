namespace KisTrader.Web.Hosting;

/// <summary>The configuration cannot run the app. Each error names the full key (e.g. <c>Risk:MaxOrderValueKrw</c>).</summary>
public sealed class ConfigurationException(IReadOnlyList<string> errors)
    : Exception("KisTrader cannot start: the configuration is invalid." + Environment.NewLine
                + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
