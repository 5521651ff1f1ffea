using Meldebok.Server.Features.Messages;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The message pages' texts in this language.</summary>
    public MessageText Messages => LanguageCode == English.LanguageCode ? MessageText.English : MessageText.Bokmal;
}

/// <summary>Texts of the message pages: the inbox, a thread, a received bulk message, new messages and the read status.</summary>
internal sealed class MessageText
{
    public required string Menu { get; init; }
    public required string Title { get; init; }
    public required string Intro { get; init; }
    public required string NewToSchool { get; init; }
    public required string NewBulk { get; init; }
    public required string ThreadsHeading { get; init; }
    public required string NoThreads { get; init; }
    public required string ReceivedHeading { get; init; }
    public required string NoReceived { get; init; }
    public required string SentHeading { get; init; }
    public required string NoSent { get; init; }
    public required Func<int, string> Unread { get; init; }
    public required string New { get; init; }
    public required Func<string, string> About { get; init; }
    public required Func<string, string> From { get; init; }
    public required string Participants { get; init; }
    public required Func<DateTimeOffset, string> ReadAt { get; init; }
    public required string NotRead { get; init; }
    public required string Urgent { get; init; }
    public required string ReadByAll { get; init; }
    public required string Reply { get; init; }
    public required string ReplyLabel { get; init; }
    public required string ReplyPrivately { get; init; }
    public required string ReplyPrivatelyHint { get; init; }
    public required string Sent { get; init; }
    public required string ErrorHeading { get; init; }
    public required string ChildLabel { get; init; }
    public required string ToLabel { get; init; }
    public required Func<GuardianAddressee, string> AddresseeName { get; init; }
    public required string SubjectLabel { get; init; }
    public required string BodyLabel { get; init; }
    public required string BodyHint { get; init; }
    public required string Send { get; init; }
    public required string NoChildren { get; init; }
    public required string BulkTitle { get; init; }
    public required string BulkIntro { get; init; }
    public required string GroupsLegend { get; init; }
    public required string NoGroups { get; init; }
    public required string TargetLegend { get; init; }
    public required string TargetGroups { get; init; }
    public required Func<string, string> TargetSfoUnit { get; init; }
    public required Func<string, string> TargetSchool { get; init; }
    public required string TargetMunicipality { get; init; }
    public required string UrgentLabel { get; init; }
    public required string Preview { get; init; }
    public required Func<int, int, string> PreviewSummary { get; init; }
    public required string StatusTitle { get; init; }
    public required Func<int, int, string> ReadSummary { get; init; }
    public required string UnreadHeading { get; init; }
    public required string EveryoneRead { get; init; }
    public required string Remind { get; init; }
    public required Func<int, string> Reminded { get; init; }
    public required string StaffOnly { get; init; }
    public required string SendLaterLabel { get; init; }
    public required string SendLaterHint { get; init; }
    public required string SendLaterInvalid { get; init; }
    public required Func<Meldebok.Server.Features.Messages.BulkMessageState, DateTimeOffset, string> SendState { get; init; }
    public required string Undo { get; init; }
    public required string EditBulk { get; init; }
    public required string EditBulkIntro { get; init; }
    public required string BackToNotice { get; init; }
    public required string SendAtLabel { get; init; }
    public required string SendAtHint { get; init; }
    public required string AttachmentsLegend { get; init; }
    public required Func<string, string> KeepAttachment { get; init; }
    public required string SaveEdit { get; init; }
    public required string EditErrorHeading { get; init; }
    public required string Edited { get; init; }
    public required string TargetOutOfReach { get; init; }
    public required string UndoNotice { get; init; }

    public static readonly MessageText Bokmal = new()
    {
        Menu = "Meldinger",
        Title = "Meldinger",
        Intro = "Samtaler mellom hjem og skole, og beskjeder fra skolen og SFO.",
        NewToSchool = "Ny melding til skolen",
        NewBulk = "Ny beskjed til foresatte",
        ThreadsHeading = "Samtaler",
        NoThreads = "Ingen samtaler ennå.",
        ReceivedHeading = "Beskjeder fra skolen",
        NoReceived = "Ingen beskjeder ennå.",
        SentHeading = "Sendte beskjeder",
        NoSent = "Du har ikke sendt noen beskjeder.",
        Unread = count => count == 1 ? "1 ulest" : $"{count} uleste",
        New = "Ny",
        About = name => $"Gjelder {name}",
        From = name => $"Fra {name}",
        Participants = "Deltakere",
        ReadAt = time => $"lest {time:d.M. 'kl.' HH:mm}",
        NotRead = "ikke lest",
        Urgent = "Haster",
        ReadByAll = "Lest av alle",
        Reply = "Svar",
        ReplyLabel = "Ditt svar",
        ReplyPrivately = "Svar avsenderen",
        ReplyPrivatelyHint = "Svaret går bare til den som sendte beskjeden, ikke til de andre mottakerne.",
        Sent = "Meldingen er sendt.",
        ErrorHeading = "Meldingen ble ikke sendt",
        ChildLabel = "Barn",
        ToLabel = "Til",
        AddresseeName = to => to switch
        {
            GuardianAddressee.ContactTeacher => "Kontaktlærer",
            GuardianAddressee.Office => "Skolekontoret",
            _ => "SFO",
        },
        SubjectLabel = "Emne",
        BodyLabel = "Melding",
        BodyHint = "Høyst 5000 tegn. Ikke skriv helseopplysninger.",
        Send = "Send",
        NoChildren = "Du har ingen barn registrert som du kan sende meldinger om.",
        BulkTitle = "Ny beskjed til foresatte",
        BulkIntro = "Beskjeden går til alle foresatte som kan få meldinger om elevene du velger. Se mottakerne før du sender.",
        GroupsLegend = "Grupper",
        NoGroups = "Du har ingen grupper, SFO eller skoler å sende til.",
        TargetLegend = "Hvem gjelder det?",
        TargetGroups = "Gruppene jeg krysser av",
        TargetSfoUnit = name => $"Alle elevene i {name}",
        TargetSchool = name => $"Alle elevene på {name}",
        TargetMunicipality = "Alle elevene i kommunen",
        UrgentLabel = "Haster (varsles også utenom vanlig tid)",
        Preview = "Vis mottakere",
        PreviewSummary = (guardians, pupils) => $"Beskjeden går til {guardians} foresatte for {pupils} elever.",
        StatusTitle = "Lesestatus",
        ReadSummary = (read, total) => $"Lest av {read} av {total} ({(total == 0 ? 0 : read * 100 / total)} %).",
        UnreadHeading = "Har ikke lest",
        EveryoneRead = "Alle har lest beskjeden.",
        Remind = "Send påminnelse til dem som ikke har lest",
        Reminded = count => $"Påminnelse sendt til {count}.",
        StaffOnly = "Bare ansatte kan sende beskjeder til foresatte.",
        SendLaterLabel = "Send senere (valgfritt)",
        SendLaterHint = "Dato og klokkeslett. Tomt felt: beskjeden sendes nå, og du kan angre i noen sekunder.",
        SendLaterInvalid = "Tidspunktet for sending må være en gyldig dato og tid.",
        SendState = (state, at) => state switch
        {
            Meldebok.Server.Features.Messages.BulkMessageState.Scheduled => $"Planlagt sendt {at:d.M. HH:mm}. Du kan angre til da.",
            Meldebok.Server.Features.Messages.BulkMessageState.Queued => $"Sendes kl. {at:HH:mm:ss}. Du kan angre til da.",
            Meldebok.Server.Features.Messages.BulkMessageState.Sending => "Sendes nå.",
            Meldebok.Server.Features.Messages.BulkMessageState.Cancelled => "Angret. Ingen har fått beskjeden.",
            _ => $"Sendt {at:d.M. HH:mm}.",
        },
        Undo = "Angre",
        EditBulk = "Endre beskjeden",
        EditBulkIntro = "Beskjeden er planlagt og ikke sendt ennå. Du kan endre mottakere, tekst, vedlegg og tidspunkt fram til den sendes.",
        BackToNotice = "Tilbake til beskjeden uten å lagre",
        SendAtLabel = "Sendes",
        SendAtHint = "Dato og klokkeslett, fram i tid.",
        AttachmentsLegend = "Vedlegg på beskjeden",
        KeepAttachment = name => $"Behold {name}",
        SaveEdit = "Lagre endringene",
        EditErrorHeading = "Endringene ble ikke lagret",
        Edited = "Endringene er lagret.",
        TargetOutOfReach = "Du kan ikke sende til denne mottakergruppen.",
        UndoNotice = "Angre hele beskjeden",
    };

    public static readonly MessageText English = new()
    {
        Menu = "Messages",
        Title = "Messages",
        Intro = "Conversations between home and school, and notices from the school and after-school care.",
        NewToSchool = "New message to the school",
        NewBulk = "New notice to guardians",
        ThreadsHeading = "Conversations",
        NoThreads = "No conversations yet.",
        ReceivedHeading = "Notices from the school",
        NoReceived = "No notices yet.",
        SentHeading = "Sent notices",
        NoSent = "You have not sent any notices.",
        Unread = count => $"{count} unread",
        New = "New",
        About = name => $"About {name}",
        From = name => $"From {name}",
        Participants = "Participants",
        ReadAt = time => $"read {time:d MMM HH:mm}",
        NotRead = "not read",
        Urgent = "Urgent",
        ReadByAll = "Read by everyone",
        Reply = "Reply",
        ReplyLabel = "Your reply",
        ReplyPrivately = "Reply to the sender",
        ReplyPrivatelyHint = "Your reply goes only to the sender of the notice, not to the other recipients.",
        Sent = "The message has been sent.",
        ErrorHeading = "The message was not sent",
        ChildLabel = "Child",
        ToLabel = "To",
        AddresseeName = to => to switch
        {
            GuardianAddressee.ContactTeacher => "Contact teacher",
            GuardianAddressee.Office => "School office",
            _ => "After-school care (SFO)",
        },
        SubjectLabel = "Subject",
        BodyLabel = "Message",
        BodyHint = "At most 5000 characters. Do not write health details.",
        Send = "Send",
        NoChildren = "You have no children registered that you can send messages about.",
        BulkTitle = "New notice to guardians",
        BulkIntro = "The notice goes to every guardian who may receive messages about the pupils you choose. See the recipients before you send.",
        GroupsLegend = "Groups",
        NoGroups = "You have no groups, SFO units or schools to send to.",
        TargetLegend = "Who is it for?",
        TargetGroups = "The groups I tick",
        TargetSfoUnit = name => $"Every pupil of {name}",
        TargetSchool = name => $"Every pupil of {name}",
        TargetMunicipality = "Every pupil of the municipality",
        UrgentLabel = "Urgent (notified outside the usual hours too)",
        Preview = "Show recipients",
        PreviewSummary = (guardians, pupils) => $"The notice goes to {guardians} guardians of {pupils} pupils.",
        StatusTitle = "Read status",
        ReadSummary = (read, total) => $"Read by {read} of {total} ({(total == 0 ? 0 : read * 100 / total)} %).",
        UnreadHeading = "Not read yet",
        EveryoneRead = "Everyone has read the notice.",
        Remind = "Remind those who have not read it",
        Reminded = count => $"Reminder sent to {count}.",
        StaffOnly = "Only staff send notices to guardians.",
        SendLaterLabel = "Send later (optional)",
        SendLaterHint = "Date and time. Empty: the notice is sent now, and you can undo it for a few seconds.",
        SendLaterInvalid = "The sending time must be a valid date and time.",
        SendState = (state, at) => state switch
        {
            Meldebok.Server.Features.Messages.BulkMessageState.Scheduled => $"Scheduled for {at:d.M. HH:mm}. You can undo it until then.",
            Meldebok.Server.Features.Messages.BulkMessageState.Queued => $"Goes out at {at:HH:mm:ss}. You can undo it until then.",
            Meldebok.Server.Features.Messages.BulkMessageState.Sending => "Being sent now.",
            Meldebok.Server.Features.Messages.BulkMessageState.Cancelled => "Undone. Nobody received the notice.",
            _ => $"Sent {at:d.M. HH:mm}.",
        },
        Undo = "Undo",
        EditBulk = "Edit the notice",
        EditBulkIntro = "The notice is scheduled and not sent yet. You can change its recipients, text, attachments and time until it goes out.",
        BackToNotice = "Back to the notice without saving",
        SendAtLabel = "Goes out",
        SendAtHint = "Date and time, in the future.",
        AttachmentsLegend = "Attachments of the notice",
        KeepAttachment = name => $"Keep {name}",
        SaveEdit = "Save the changes",
        EditErrorHeading = "The changes were not saved",
        Edited = "The changes have been saved.",
        TargetOutOfReach = "You cannot send to these recipients.",
        UndoNotice = "Undo the whole notice",
    };
}
