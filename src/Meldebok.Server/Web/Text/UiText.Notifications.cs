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
    public required string DigestLegend { get; init; }
    public required string Digest { get; init; }
    public required string DigestHint { get; init; }
    public required string DigestTime { get; init; }
    public required string InvalidTime { get; init; }
    public required string Save { get; init; }
    public required string Saved { get; init; }
    public required string ErrorHeading { get; init; }
    public required string Language { get; init; }
    public required string PushLegend { get; init; }
    public required string PushSwitch { get; init; }
    public required string PushHint { get; init; }
    public required string PushOff { get; init; }
    public required string PushNeedsScript { get; init; }
    public required string PushUnsupported { get; init; }
    public required string PushOnHere { get; init; }
    public required string PushOffHere { get; init; }
    public required string PushFailed { get; init; }
    public required string PushSaved { get; init; }
    public required string PushRemoved { get; init; }
    public required Func<int, string> PushDevices { get; init; }

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
        QuietHint = "SMS og varsler på enheten som kommer i stilletiden, sendes når den er over. E-post og varsler om viktige meldinger sendes med en gang.",
        QuietFrom = "Fra klokken",
        QuietTo = "Til klokken",
        DigestLegend = "Daglig sammendrag",
        Digest = "Samle vanlige varsler i ett sammendrag om dagen",
        DigestHint = "E-post, SMS og varsler på enheten om vanlige meldinger og samtykker kommer samlet én gang om dagen, med emne og lenke. Viktige meldinger varsles med en gang. SMS og varsler på enheten holdes tilbake i stilletiden.",
        DigestTime = "Sendes klokken",
        InvalidTime = "Skriv klokkeslettet som TT:MM, for eksempel 21:00.",
        Save = "Lagre",
        Saved = "Innstillingene er lagret.",
        ErrorHeading = "Innstillingene ble ikke lagret",
        Language = "Språk i varslene",
        PushLegend = "Varsler på denne enheten",
        PushSwitch = "Varsler på denne enheten",
        PushHint = "Telefonen eller nettleseren viser et varsel når du får en ny melding. Varselet sier hvem meldingen er fra, ikke hva den handler om. Vanlige varsler holdes tilbake i stilletiden.",
        PushOff = "Kommunen sender ikke varsler til telefon eller nettleser.",
        PushNeedsScript = "Bryteren krever JavaScript i nettleseren.",
        PushUnsupported = "Denne nettleseren kan ikke vise varsler fra Meldebok.",
        PushOnHere = "Varsler er slått på for denne enheten.",
        PushOffHere = "Varsler er slått av for denne enheten.",
        PushFailed = "Varsler ble ikke slått på. Sjekk at nettleseren har lov til å vise varsler fra Meldebok.",
        PushSaved = "Denne enheten får nå varsler.",
        PushRemoved = "Denne enheten får ikke lenger varsler.",
        PushDevices = count => count switch { 0 => "Ingen enheter får varsler.", 1 => "1 enhet får varsler.", _ => $"{count} enheter får varsler." },
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
        QuietHint = "An SMS or device notification that arrives during quiet hours is sent when they end. E-mail and notifications about urgent messages are sent at once.",
        QuietFrom = "From",
        QuietTo = "Until",
        DigestLegend = "Daily summary",
        Digest = "Gather ordinary notifications in one summary a day",
        DigestHint = "E-mails, SMS and device notifications about ordinary messages and consents come together once a day, with subject and link. Urgent messages are notified at once. SMS and device notifications are held during quiet hours.",
        DigestTime = "Sent at",
        InvalidTime = "Write the time as HH:MM, for example 21:00.",
        Save = "Save",
        Saved = "Your settings have been saved.",
        ErrorHeading = "Your settings were not saved",
        Language = "Language of the notifications",
        PushLegend = "Notifications on this device",
        PushSwitch = "Notifications on this device",
        PushHint = "Your phone or browser shows a notification when you get a new message. It says who the message is from, not what it is about. Ordinary notifications are held back during quiet hours.",
        PushOff = "The municipality does not send notifications to phones or browsers.",
        PushNeedsScript = "The switch needs JavaScript in the browser.",
        PushUnsupported = "This browser cannot show notifications from Meldebok.",
        PushOnHere = "Notifications are on for this device.",
        PushOffHere = "Notifications are off for this device.",
        PushFailed = "Notifications were not turned on. Check that the browser may show notifications from Meldebok.",
        PushSaved = "This device now gets notifications.",
        PushRemoved = "This device no longer gets notifications.",
        PushDevices = count => count switch { 0 => "No devices get notifications.", 1 => "1 device gets notifications.", _ => $"{count} devices get notifications." },
    };
}
