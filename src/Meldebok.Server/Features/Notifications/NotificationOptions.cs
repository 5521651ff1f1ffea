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

    /// <summary>
    /// Minutes after an urgent message before it goes by SMS to those who take urgent messages by SMS and have not read it
    /// by then (0: at once).
    /// </summary>
    [Range(0, 1440, ErrorMessage = "Notifications:UrgentSmsFallbackMinutes må være mellom 0 og 1440.")]
    public int UrgentSmsFallbackMinutes { get; set; } = 15;
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

/// <summary>The HTTP SMS gateway (section <c>Notifications:Sms</c>, protocol in docs/sms-gateway.md); no base URL means no SMS.</summary>
internal sealed partial class SmsOptions : IValidatableObject
{
    public const string Section = "Notifications:Sms";

    /// <summary>The gateway's base address; messages are posted to <c>{BaseUrl}/sms</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API key, sent as <c>Authorization: Bearer …</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The sender shown on the phone: at most 11 letters and digits, or a phone number.</summary>
    public string Sender { get; set; } = "Meldebok";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>Where the gateway takes messages.</summary>
    public Uri MessagesUri() => new(BaseUrl!.TrimEnd('/') + "/sms", UriKind.Absolute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsEnabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
        {
            yield return new ValidationResult("Notifications:Sms:BaseUrl må være en adresse (https://…) uten spørredel.", [nameof(BaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("Notifications:Sms:ApiKey må settes når Notifications:Sms:BaseUrl er satt.", [nameof(ApiKey)]);
        }

        if (!SenderPattern().IsMatch(Sender ?? ""))
        {
            yield return new ValidationResult(
                "Notifications:Sms:Sender må være 1–11 bokstaver (A–Z) og sifre, eller et telefonnummer (+4791234567).", [nameof(Sender)]);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Za-z0-9]{1,11}|\+?[0-9]{3,15})$")]
    private static partial System.Text.RegularExpressions.Regex SenderPattern();
}
