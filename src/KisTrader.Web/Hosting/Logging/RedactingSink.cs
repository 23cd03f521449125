using KisTrader.Core.Security;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>
/// Every log event passes through here before any sink sees it: the message template, every
/// property value (nested ones too) and the exception text are redacted with <see cref="SecretRedactor"/>.
/// </summary>
public sealed class RedactingSink(ILogEventSink inner, SecretRedactor redactor) : ILogEventSink, IDisposable
{
    private static readonly MessageTemplateParser Parser = new();
    private static readonly HashSet<string> SensitiveNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "appkey", "appsecret", "secretkey", "access_token", "accesstoken", "token", "approval_key", "approvalkey",
        "password", "apikey", "api_key", "authorization", "cano", "accountnumber", "hashkey",
    };

    public void Emit(LogEvent logEvent)
    {
        var templateText = logEvent.MessageTemplate.Text;
        var redactedText = redactor.Redact(templateText);
        var template = ReferenceEquals(redactedText, templateText) || redactedText == templateText
            ? logEvent.MessageTemplate
            : Parser.Parse(redactedText);
        var properties = logEvent.Properties.Select(p => new LogEventProperty(p.Key, Redact(p.Key, p.Value)));
        var exception = logEvent.Exception is null ? null : RedactedException.From(logEvent.Exception, redactor);
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template, properties));
    }

    private LogEventPropertyValue Redact(string name, LogEventPropertyValue value)
    {
        if (SensitiveNames.Contains(name))
            return new ScalarValue(SecretRedactor.Mask);
        switch (value)
        {
            case ScalarValue { Value: string s }:
                var r = redactor.Redact(s);
                return r == s ? value : new ScalarValue(r);
            case ScalarValue { Value: null or ValueType }:
                var text = value.ToString();
                return redactor.ContainsSecret(text) ? new ScalarValue(SecretRedactor.Mask) : value;
            case ScalarValue other:
                var rendered = other.Value?.ToString() ?? "";
                return redactor.ContainsSecret(rendered) ? new ScalarValue(redactor.Redact(rendered)) : value;
            case SequenceValue seq:
                return new SequenceValue(seq.Elements.Select(e => Redact("", e)));
            case StructureValue st:
                return new StructureValue(st.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Name, p.Value))), st.TypeTag);
            case DictionaryValue dict:
                return new DictionaryValue(dict.Elements.Select(kv =>
                    new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, Redact(kv.Key.Value?.ToString() ?? "", kv.Value))));
            default:
                return value;
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
