namespace Meldebok.Server.Features.Notifications;

/// <summary>
/// What a notification may say about its message or consent request: the sender, the subject (or title), the page to open
/// and a consent request's deadline — never the text.
/// </summary>
internal sealed record NotificationSummary(NotificationSource Kind, string Sender, string Subject, string Link, DateTimeOffset? Deadline = null);

/// <summary>
/// The e-mail and the SMS that tell a person there is a new message. The e-mail names the sender and the subject and links
/// to Meldebok, but never carries the message itself: e-mail is not the place for what parents and school write about a
/// child. The SMS is shorter still: the sender and a link, no subject (a subject may name a child), in one SMS.
/// </summary>
internal static class NotificationTexts
{
    /// <summary>One SMS of GSM 7-bit characters (æøå included).</summary>
    public const int MaxSmsLength = 160;

    /// <summary>The SMS about a new message; the sender's name is shortened when the text would not fit in one SMS.</summary>
    public static string MessageSms(string language, bool urgent, string sender, string link)
    {
        Func<string, string> text = (language, urgent) switch
        {
            ("en", true) => name => $"Meldebok: URGENT message from {name}. Read it at {link}",
            ("en", false) => name => $"Meldebok: New message from {name}. Read it at {link}",
            (_, true) => name => $"Meldebok: VIKTIG melding fra {name}. Les den på {link}",
            _ => name => $"Meldebok: Ny melding fra {name}. Les den på {link}",
        };
        var room = MaxSmsLength - text("").Length;
        return text(sender.Length <= room ? sender : sender[..Math.Max(room, 0)].TrimEnd());
    }

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

    /// <summary>
    /// The e-mail that tells a guardian a consent request was closed before its deadline: who asked, the title and a link to
    /// the request, where the reason shows after signing in. Like the request's own e-mail it carries no text staff wrote.
    /// </summary>
    public static Email ConsentClosedEmail(string to, string language, string sender, string title, string link) => language == "en"
        ? new Email(to, $"Consent request closed in Meldebok: {title}",
            $"""
            Hello,

            {sender}'s request for your consent in Meldebok, "{title}", has been closed before its deadline. Answers can no longer be given or changed.

            See why in Meldebok: {link}

            Please do not reply to this e-mail.
            """)
        : new Email(to, $"Forespørsel om samtykke avsluttet i Meldebok: {title}",
            $"""
            Hei,

            Forespørselen om samtykke fra {sender} i Meldebok, «{title}», er avsluttet før svarfristen. Svar kan ikke lenger gis eller endres.

            Se hvorfor i Meldebok: {link}

            Denne e-posten kan ikke besvares.
            """);

    /// <summary>The SMS about a consent request closed early: who asked and a link, no title (as the message SMS has no subject).</summary>
    public static string ConsentClosedSms(string language, string sender, string link)
    {
        Func<string, string> text = language == "en"
            ? name => $"Meldebok: A consent request from {name} has been closed early. See {link}"
            : name => $"Meldebok: En forespørsel om samtykke fra {name} er avsluttet før fristen. Se {link}";
        var room = MaxSmsLength - text("").Length;
        return text(sender.Length <= room ? sender : sender[..Math.Max(room, 0)].TrimEnd());
    }

    /// <summary>The Web Push notification of a consent request closed early: who asked, nothing a lock screen should not show.</summary>
    public static (string Title, string Body) ConsentClosedPush(string language, string sender) => language == "en"
        ? ("Consent request closed", $"The request from {sender} was closed before its deadline.")
        : ("Samtykke avsluttet", $"Forespørselen fra {sender} er avsluttet før svarfristen.");

    /// <summary>
    /// The SMS that tells SFO staff a pickup message for today came after the deadline. It names no child (an SMS may be read
    /// by anyone holding the phone); the staff see who in Meldebok.
    /// </summary>
    public static string PickupLateChangeSms(string language, string link) => language == "en"
        ? $"Meldebok: URGENT: a late pickup change for today. See Meldebok: {link}"
        : $"Meldebok: VIKTIG: sen endring av henting i dag. Se Meldebok: {link}";

    public static Email PickupLateChangeEmail(string to, string language, string link) => language == "en"
        ? new Email(to, "Urgent: late pickup change for today",
            $"""
            Hello,

            A guardian has changed how a child leaves SFO today, after the deadline for pickup messages.

            See who and when in Meldebok: {link}

            Please do not reply to this e-mail.
            """)
        : new Email(to, "Viktig: sen endring av henting i dag",
            $"""
            Hei,

            En foresatt har endret hvordan et barn skal dra fra SFO i dag, etter fristen for hentemeldinger.

            Se hvem og når i Meldebok: {link}

            Denne e-posten kan ikke besvares.
            """);

    /// <summary>The SMS that tells a guardian the child's SFO status, e.g. "Meldebok: Ella (Fjordvik SFO): Hentet av bestemor 15:42".</summary>
    public static string SfoSms(string child, string unit, string status)
    {
        var text = $"Meldebok: {child} ({unit}): {status}";
        return text.Length <= MaxSmsLength ? text : text[..MaxSmsLength];
    }

    /// <summary>The e-mail that tells a guardian the child's SFO status. The status is the whole news; it carries no more than the SMS.</summary>
    public static Email SfoEmail(string to, string language, string child, string unit, string status, string link) => language == "en"
        ? new Email(to, $"SFO: {child} – {status}",
            $"""
            Hello,

            {child} at {unit}: {status}.

            See today's SFO status in Meldebok: {link}

            Please do not reply to this e-mail.
            """)
        : new Email(to, $"SFO: {child} – {status}",
            $"""
            Hei,

            {child} på {unit}: {status}.

            Se dagens SFO-status i Meldebok: {link}

            Denne e-posten kan ikke besvares.
            """);

    /// <summary>
    /// The Web Push notification about a new message: what the SMS says (the sender, never the subject or the text, which
    /// a lock screen would show to whoever holds the phone) and the messages page to open.
    /// </summary>
    public static (string Title, string Body) MessagePush(string language, bool urgent, string sender) => (language, urgent) switch
    {
        ("en", true) => ($"Urgent message from {sender}", "Open Meldebok to read it."),
        ("en", false) => ($"New message from {sender}", "Open Meldebok to read it."),
        (_, true) => ($"Viktig melding fra {sender}", "Åpne Meldebok for å lese den."),
        _ => ($"Ny melding fra {sender}", "Åpne Meldebok for å lese den."),
    };

    /// <summary>The Web Push notification to SFO staff about a late pickup change: no child's name, as the SMS.</summary>
    public static (string Title, string Body) PickupLateChangePush(string language) => language == "en"
        ? ("Urgent: late pickup change for today", "See who and when in Meldebok.")
        : ("Viktig: sen endring av henting i dag", "Se hvem og når i Meldebok.");

    /// <summary>The Web Push notification of a child's SFO status: what the SMS and the e-mail already say.</summary>
    public static (string Title, string Body) SfoPush(string child, string unit, string status) => ($"SFO: {child}", $"{child} ({unit}): {status}");

    /// <summary>
    /// The daily digest by e-mail: one line per message or consent request that arrived since the last digest, with what
    /// its own e-mail would have said (sender, subject or title, a link) and nothing more.
    /// </summary>
    public static Email DigestEmail(string to, string language, IReadOnlyList<NotificationSummary> items, string link)
    {
        var english = language == "en";
        var lines = string.Join("\n", items.Select(item => $"- {DigestLine(item, english)}\n  {item.Link}"));
        return english
            ? new Email(to, $"Your daily summary from Meldebok: {items.Count} new",
                $"""
                Hello,

                This has come to you in Meldebok since the last summary:

                {lines}

                Read it all in Meldebok: {link}

                For your privacy, the messages themselves are not included in this e-mail. Please do not reply to this e-mail.
                """)
            : new Email(to, $"Dagens sammendrag fra Meldebok: {items.Count} {(items.Count == 1 ? "ny" : "nye")}",
                $"""
                Hei,

                Dette har kommet til deg i Meldebok siden forrige sammendrag:

                {lines}

                Les alt i Meldebok: {link}

                Av personvernhensyn står ikke selve meldingene i denne e-posten. Denne e-posten kan ikke besvares.
                """);
    }

    private static string DigestLine(NotificationSummary item, bool english) => (item.Kind, english) switch
    {
        (NotificationSource.ConsentRequest, true) => $"Consent requested by {item.Sender}: \"{item.Subject}\"",
        (NotificationSource.ConsentRequest, false) => $"Forespørsel om samtykke fra {item.Sender}: «{item.Subject}»",
        (NotificationSource.ConsentReminder, true) => $"Reminder of a consent requested by {item.Sender}: \"{item.Subject}\"",
        (NotificationSource.ConsentReminder, false) => $"Påminnelse om samtykke fra {item.Sender}: «{item.Subject}»",
        (NotificationSource.ConsentClosed, true) => $"Consent request from {item.Sender} closed early: \"{item.Subject}\"",
        (NotificationSource.ConsentClosed, false) => $"Forespørsel om samtykke fra {item.Sender} avsluttet før fristen: «{item.Subject}»",
        (_, true) => $"Message from {item.Sender}: \"{item.Subject}\"",
        _ => $"Melding fra {item.Sender}: «{item.Subject}»",
    };

    /// <summary>The daily digest by SMS: how many, and a link — no sender or subject, as the single SMS has no subject either.</summary>
    public static string DigestSms(string language, int count, string link) => (language, count) switch
    {
        ("en", 1) => $"Meldebok: 1 new message since the last summary. Read it at {link}",
        ("en", _) => $"Meldebok: {count} new messages since the last summary. Read them at {link}",
        (_, 1) => $"Meldebok: 1 ny melding siden forrige sammendrag. Les den på {link}",
        _ => $"Meldebok: {count} nye meldinger siden forrige sammendrag. Les dem på {link}",
    };

    /// <summary>The daily digest by Web Push: how many, nothing that a lock screen should not show.</summary>
    public static (string Title, string Body) DigestPush(string language, int count) => (language, count) switch
    {
        ("en", 1) => ("1 new message in Meldebok", "Open Meldebok to read it."),
        ("en", _) => ($"{count} new messages in Meldebok", "Open Meldebok to read them."),
        (_, 1) => ("1 ny melding i Meldebok", "Åpne Meldebok for å lese den."),
        _ => ($"{count} nye meldinger i Meldebok", "Åpne Meldebok for å lese dem."),
    };
}
