using KisTrader.Core.Security;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>Stands in for an exception in log output: same type name and stack, secrets masked.</summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(string message, string text) : base(message) => _text = text;

    public static Exception From(Exception original, SecretRedactor redactor)
    {
        var text = original.ToString();
        var redacted = redactor.Redact(text);
        return redacted == text ? original : new RedactedException(redactor.Redact(original.Message), redacted);
    }

    public override string ToString() => _text;
}
