namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The notification settings page's texts in this language.</summary>
    public NotificationText Notifications => LanguageCode == English.LanguageCode ? NotificationText.English : NotificationText.Bokmal;
}

/// <summary>Texts of the notification settings page (guardians and staff).</summary>
internal sealed class NotificationText
{
    public required string Menu { get; init; }
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string NoSettings { get; init; }
    public required string ChannelsLegend { get; init; }
    public required string Email { get; init; }
    public required string Sms { get; init; }
    public required string UrgentSms { get; init; }
    public required string NoEmailAddress { get; init; }
    public required string NoMobile { get; init; }
    public required string EmailOff { get; init; }
    public required string SmsOff { get; init; }
    public required string QuietLegend { get; init; }
    public required string QuietHours { get; init; }
    public required string QuietHint { get; init; }
    public required string QuietFrom { get; init; }
    public required string QuietTo { get; init; }
    public required string InvalidTime { get; init; }
    public required string Save { get; init; }
    public required string Saved { get; init; }
    public required string ErrorHeading { get; init; }

    public static readonly NotificationText Bokmal = new()
    {
        Menu = "Varslinger",
        Title = "Varsler",
        Intro = "Velg hvordan du får beskjed om nye meldinger. Selve meldingen står bare i Meldebok – varselet sier hvem den er fra.",
        NoSettings = "Varsler gjelder foresatte og ansatte. Du har ingen varsler å stille inn.",
        ChannelsLegend = "Varsle meg",
        Email = "På e-post om alle nye meldinger",
        Sms = "På SMS om alle nye meldinger",
        UrgentSms = "På SMS om viktige meldinger",
        NoEmailAddress = "Vi har ingen e-postadresse for deg. Skolen kan registrere den.",
        NoMobile = "Vi har ikke mobilnummeret ditt. Skolen kan registrere det.",
        EmailOff = "Kommunen sender ikke varsler på e-post.",
        SmsOff = "Kommunen sender ikke varsler på SMS.",
        QuietLegend = "Stilletid",
        QuietHours = "Hold tilbake SMS om vanlige meldinger i stilletiden",
        QuietHint = "SMS som kommer i stilletiden, sendes når den er over. E-post og SMS om viktige meldinger sendes med en gang.",
        QuietFrom = "Fra klokken",
        QuietTo = "Til klokken",
        InvalidTime = "Skriv klokkeslettet som TT:MM, for eksempel 21:00.",
        Save = "Lagre",
        Saved = "Innstillingene er lagret.",
        ErrorHeading = "Innstillingene ble ikke lagret",
    };

    public static readonly NotificationText English = new()
    {
        Menu = "Notifications",
        Title = "Notifications",
        Intro = "Choose how you are told about new messages. The message itself is only in Meldebok – the notification says who it is from.",
        NoSettings = "Notifications are for guardians and staff. You have no notifications to set.",
        ChannelsLegend = "Notify me",
        Email = "By e-mail about every new message",
        Sms = "By SMS about every new message",
        UrgentSms = "By SMS about urgent messages",
        NoEmailAddress = "We have no e-mail address for you. The school can register it.",
        NoMobile = "We do not have your mobile number. The school can register it.",
        EmailOff = "The municipality does not send notifications by e-mail.",
        SmsOff = "The municipality does not send notifications by SMS.",
        QuietLegend = "Quiet hours",
        QuietHours = "Hold back SMS about ordinary messages during quiet hours",
        QuietHint = "An SMS that arrives during quiet hours is sent when they end. E-mail and SMS about urgent messages are sent at once.",
        QuietFrom = "From",
        QuietTo = "Until",
        InvalidTime = "Write the time as HH:MM, for example 21:00.",
        Save = "Save",
        Saved = "Your settings have been saved.",
        ErrorHeading = "Your settings were not saved",
    };
}
