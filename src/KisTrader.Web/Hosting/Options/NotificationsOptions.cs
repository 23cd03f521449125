using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Notifications")]
public sealed class NotificationsOptions : IValidatableObject
{
    /// <summary>Slack-compatible incoming webhook. Secret (the URL is the credential).</summary>
    public Uri? WebhookUrl { get; set; }
    public string? SmtpHost { get; set; }
    [Range(1, 65535, ErrorMessage = "must be a TCP port (1-65535)")]
    public int SmtpPort { get; set; } = 587;
    public bool SmtpUseTls { get; set; } = true;
    public string? SmtpUserName { get; set; }
    /// <summary>Secret.</summary>
    public string? SmtpPassword { get; set; }
    [EmailAddress(ErrorMessage = "must be an e-mail address")]
    public string? EmailFrom { get; set; }
    public string[] EmailTo { get; set; } = [];
    /// <summary>Rate limits per channel: past them a notification is dropped from that channel (and logged).</summary>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000 a minute")]
    public int DashboardPerMinute { get; set; } = 30;
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000 a minute")]
    public int WebhookPerMinute { get; set; } = 10;
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000 an hour")]
    public int EmailPerHour { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebhookUrl is { IsAbsoluteUri: false } || WebhookUrl is { Scheme: not ("http" or "https") })
            yield return new ValidationResult("must be an absolute http or https URL", [nameof(WebhookUrl)]);
        if (!string.IsNullOrWhiteSpace(SmtpHost) && (string.IsNullOrWhiteSpace(EmailFrom) || EmailTo.Length == 0))
            yield return new ValidationResult("needs Notifications:EmailFrom and at least one Notifications:EmailTo", [nameof(SmtpHost)]);
        var email = new EmailAddressAttribute();
        for (var i = 0; i < EmailTo.Length; i++)
            if (!email.IsValid(EmailTo[i]))
                yield return new ValidationResult($"must be an e-mail address (got '{EmailTo[i]}')", [$"{nameof(EmailTo)}:{i}"]);
    }
}
