namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// The e-mail that tells a person there is a new message. It names the sender and the subject and links to Meldebok, but
/// never carries the message itself: e-mail is not the place for what parents and school write about a child.
/// </summary>
internal static class NotificationTexts
{
    public static Email MessageEmail(string to, string language, string sender, string subject, string link) => language == "en"
        ? new Email(to, $"New message in Meldebok: {subject}",
            $"""
            Hello,

            {sender} has sent you a message in Meldebok with the subject "{subject}".

            Read it in Meldebok: {link}

            For your privacy, the message itself is not included in this e-mail. Please do not reply to this e-mail.
            """)
        : new Email(to, $"Ny melding i Meldebok: {subject}",
            $"""
            Hei,

            {sender} har sendt deg en melding i Meldebok med emnet «{subject}».

            Les meldingen i Meldebok: {link}

            Av personvernhensyn står ikke selve meldingen i denne e-posten. Denne e-posten kan ikke besvares.
            """);

    /// <summary>
    /// The e-mail that asks a guardian for a consent (or reminds them). It names who asks, the title and the deadline (in
    /// Norwegian time), and links to Meldebok, where the guardian answers after signing in; it carries no description.
    /// </summary>
    public static Email ConsentEmail(string to, string language, string sender, string title, DateTimeOffset deadline, bool reminder, string link)
    {
        var oslo = TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById(Infrastructure.Data.MunicipalClock.DefaultTimeZone));
        var due = oslo.ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return language == "en"
            ? new Email(to, reminder ? $"Reminder: consent requested in Meldebok: {title}" : $"Consent requested in Meldebok: {title}",
                $"""
                Hello,

                {sender} asks for your consent in Meldebok: "{title}". Please answer by {due}.

                Answer in Meldebok: {link}

                Please do not reply to this e-mail.
                """)
            : new Email(to, reminder ? $"Påminnelse: samtykke i Meldebok: {title}" : $"Forespørsel om samtykke i Meldebok: {title}",
                $"""
                Hei,

                {sender} ber om ditt samtykke i Meldebok: «{title}». Svarfristen er {due}.

                Svar i Meldebok: {link}

                Denne e-posten kan ikke besvares.
                """);
    }
}
