using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Meldebok.Server.Features.Notifications;

/// <summary>An e-mail as the channel sends it: plain text, to one address.</summary>
internal sealed record Email(string To, string Subject, string Text);

/// <summary>Sends e-mail over SMTP with MailKit. Off (and never pretending to send) when no host is configured.</summary>
internal sealed class EmailChannel(IOptions<SmtpOptions> options)
{
    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>Returns once the server has accepted the message; throws when it did not.</summary>
    public async Task SendAsync(Email email, CancellationToken ct)
    {
        var smtp = options.Value;
        if (smtp.Host is not { Length: > 0 } host || smtp.From is not { Length: > 0 } from)
        {
            throw new InvalidOperationException("E-post er slått av: Notifications:Smtp:Host er ikke satt.");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Text };

        using var client = new SmtpClient { Timeout = 30_000 };
        var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
