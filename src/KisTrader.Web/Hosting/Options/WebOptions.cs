namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Web")]
public sealed class WebOptions
{
    /// <summary>
    /// The developer exception page (stack trace, source, the request's headers and cookies) instead of the error policy.
    /// Off by default in every environment; honoured only in Development, for a developer's own machine. Everywhere else an
    /// error answers problem details or the error page with a correlation id, and the details go only to the log.
    /// </summary>
    public bool DetailedErrors { get; set; }
}
