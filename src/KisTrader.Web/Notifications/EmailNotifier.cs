using System.Net;
using System.Net.Mail;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Notifications;

/// <summary>Sends notifications by SMTP (STARTTLS when SmtpUseTls). System.Net.Mail is enough for plain notifications.</summary>
public sealed class EmailNotifier(NotificationsOptions options)
{
    public async Task SendAsync(Notification n, CancellationToken ct)
    {
#pragma warning disable SYSLIB0014 // no MailKit here; SmtpClient is still supported for simple mail
        using var smtp = new SmtpClient(options.SmtpHost!, options.SmtpPort) { EnableSsl = options.SmtpUseTls };
#pragma warning restore SYSLIB0014
        if (!string.IsNullOrEmpty(options.SmtpUserName))
            smtp.Credentials = new NetworkCredential(options.SmtpUserName, options.SmtpPassword);
        using var message = new MailMessage { From = new MailAddress(options.EmailFrom!), Subject = $"[KisTrader] {n.Title}", Body = $"{n.Message}\n\n{KoreaTime.Format(n.At)} KST" };
        foreach (var to in options.EmailTo)
            message.To.Add(to);
        await smtp.SendMailAsync(message, ct);
    }
}
