using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Notifications;

/// <summary>Delivery settings of notifications (section <c>Notifications</c>).</summary>
internal sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Attempts per notification before it is given up (marked failed).</summary>
    [Range(1, 20, ErrorMessage = "Notifications:MaxAttempts må være mellom 1 og 20.")]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>A claim older than this is taken to be from a worker that died, and the notification is tried again.</summary>
    [Range(1, 1440, ErrorMessage = "Notifications:ClaimTimeoutMinutes må være mellom 1 og 1440.")]
    public int ClaimTimeoutMinutes { get; set; } = 10;
}

/// <summary>The SMTP server e-mails go through (section <c>Notifications:Smtp</c>); no host means no e-mail.</summary>
internal sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Notifications:Smtp:Port må være mellom 1 og 65535.")]
    public int Port { get; set; } = 587;

    /// <summary>TLS: on connect for port 465, STARTTLS (required) on any other port.</summary>
    public bool UseTls { get; set; } = true;

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender address, e.g. <c>Meldebok &lt;ikke-svar@kommune.no&gt;</c>.</summary>
    public string? From { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(From) || !MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult("Notifications:Smtp:From må være en gyldig avsenderadresse når Notifications:Smtp:Host er satt.", [nameof(From)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Notifications:Smtp:UserName og Notifications:Smtp:Password må settes sammen.", [nameof(UserName)]);
        }
    }
}
