using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Notifications;

/// <summary>The signed-in person's notification settings, all of them (a field left out is an error, never a default).</summary>
/// <param name="Email">Every new message by e-mail (default on).</param>
/// <param name="Sms">Every new message by SMS as well (default off).</param>
/// <param name="UrgentSms">Urgent messages by SMS even when <paramref name="Sms"/> is off (default on).</param>
/// <param name="QuietHours">Hold ordinary SMS and push notifications during the quiet hours until they end (default on). E-mail and urgent ones always go at once.</param>
/// <param name="QuietFrom">Start of the quiet hours, local time of the municipality (HH:mm, default 21:00).</param>
/// <param name="QuietTo">End of the quiet hours, local time (default 07:00); before the start means the next morning.</param>
/// <param name="Language">The language of the e-mails, SMS and push notifications: <c>nb</c> (bokmål) or <c>en</c> (English).</param>
/// <param name="Digest">One daily digest per channel instead of one notification per message (default off). Urgent messages still go at once.</param>
/// <param name="DigestTime">When the daily digest goes, local time of the municipality (HH:mm, default 16:00).</param>
public sealed record NotificationSettingsRequest(
    [property: Required(ErrorMessage = NotificationSettingsMessages.EmailRequired)] bool? Email,
    [property: Required(ErrorMessage = NotificationSettingsMessages.SmsRequired)] bool? Sms,
    [property: Required(ErrorMessage = NotificationSettingsMessages.UrgentSmsRequired)] bool? UrgentSms,
    [property: Required(ErrorMessage = NotificationSettingsMessages.QuietHoursRequired)] bool? QuietHours,
    [property: Required(ErrorMessage = NotificationSettingsMessages.QuietFromRequired)] TimeOnly? QuietFrom,
    [property: Required(ErrorMessage = NotificationSettingsMessages.QuietToRequired)] TimeOnly? QuietTo,
    [property: Required(ErrorMessage = NotificationSettingsMessages.LanguageRequired)] string? Language,
    [property: Required(ErrorMessage = NotificationSettingsMessages.DigestRequired)] bool? Digest,
    [property: Required(ErrorMessage = NotificationSettingsMessages.DigestTimeRequired)] TimeOnly? DigestTime);

/// <summary>The person's notification settings, and whether they can be reached on each channel.</summary>
/// <param name="Email">Every new message by e-mail.</param>
/// <param name="Sms">Every new message by SMS.</param>
/// <param name="UrgentSms">Urgent messages by SMS.</param>
/// <param name="QuietHours">Ordinary SMS held during the quiet hours.</param>
/// <param name="QuietFrom">Start of the quiet hours, local time.</param>
/// <param name="QuietTo">End of the quiet hours, local time.</param>
/// <param name="HasEmail">The roster has an e-mail address for the person.</param>
/// <param name="HasMobile">The roster has a mobile number for the person.</param>
/// <param name="EmailAvailable">The municipality sends e-mail notifications (an SMTP server is configured).</param>
/// <param name="SmsAvailable">The municipality sends SMS notifications (an SMS gateway is configured).</param>
/// <param name="PushAvailable">The municipality sends Web Push notifications (VAPID keys are configured).</param>
/// <param name="PushDevices">How many devices take the person's notifications by Web Push.</param>
/// <param name="Language">The language of the notifications (<c>nb</c> or <c>en</c>); until chosen, the roster's preferred language.</param>
/// <param name="Digest">One daily digest per channel instead of one notification per message.</param>
/// <param name="DigestTime">When the daily digest goes, local time.</param>
public sealed record NotificationSettingsResponse(
    bool Email, bool Sms, bool UrgentSms, bool QuietHours, TimeOnly QuietFrom, TimeOnly QuietTo,
    bool HasEmail, bool HasMobile, bool EmailAvailable, bool SmsAvailable, bool PushAvailable, int PushDevices, string Language,
    bool Digest, TimeOnly DigestTime);

internal static class NotificationSettingsMessages
{
    public const string EmailRequired = "Velg om du vil ha varsel på e-post.";
    public const string SmsRequired = "Velg om du vil ha varsel på SMS.";
    public const string UrgentSmsRequired = "Velg om du vil ha SMS om viktige meldinger.";
    public const string QuietHoursRequired = "Velg om du vil ha stilletid.";
    public const string QuietFromRequired = "Stilletiden må ha et starttidspunkt.";
    public const string QuietToRequired = "Stilletiden må ha et sluttidspunkt.";
    public const string QuietHoursEmpty = "Stilletiden må slutte på et annet klokkeslett enn den starter.";
    public const string LanguageRequired = "Velg hvilket språk varslene skal ha.";
    public const string LanguageInvalid = "Språket må være nb (bokmål) eller en (engelsk).";
    public const string DigestRequired = "Velg om du vil ha et daglig sammendrag i stedet for ett varsel per melding.";
    public const string DigestTimeRequired = "Det daglige sammendraget må ha et klokkeslett.";
    public const string WholeMinutes = "Oppgi klokkeslettet i hele minutter (TT:MM).";
}
