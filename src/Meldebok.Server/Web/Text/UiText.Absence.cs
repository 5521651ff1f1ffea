using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The absence pages' texts in this language.</summary>
    public AbsenceText Absence => LanguageCode == English.LanguageCode ? AbsenceText.English : AbsenceText.Bokmal;
}

/// <summary>Texts of the absence pages: the guardian's report and list, the staff inbox and the legacy quick log.</summary>
internal sealed class AbsenceText
{
    public required string MenuGuardian { get; init; }
    public required string MenuStaff { get; init; }
    public required string ListTitle { get; init; }
    public required string ReportLink { get; init; }
    public required string NoNotices { get; init; }
    public required string Reported { get; init; }
    public required string Withdraw { get; init; }
    public required string WithdrawnNotice { get; init; }
    public required string Withdrawn { get; init; }
    public required string Late { get; init; }
    public required string NotReceived { get; init; }
    public required Func<string, string, string> ReceivedBy { get; init; }
    public required string ReceiptsHeading { get; init; }
    public required string ReportTitle { get; init; }
    public required string ReportIntro { get; init; }
    public required string Child { get; init; }
    public required string NoChildren { get; init; }
    public required string Duration { get; init; }
    public required string WholeDays { get; init; }
    public required string PartOfDay { get; init; }
    public required string FirstDate { get; init; }
    public required string LastDate { get; init; }
    public required string FromTime { get; init; }
    public required string ToTime { get; init; }
    public required string Recipients { get; init; }
    public required string School { get; init; }
    public required string Sfo { get; init; }
    public required string Reason { get; init; }
    public required string Note { get; init; }
    public required string NoteWarning { get; init; }
    public required Func<int, string> NoteLimit { get; init; }
    public required string Submit { get; init; }
    public required string ErrorHeading { get; init; }
    public required string InvalidDate { get; init; }
    public required string InvalidTime { get; init; }
    public required string ChildNotFound { get; init; }
    public required string InboxTitle { get; init; }
    public required string InboxIntro { get; init; }
    public required string InboxEmpty { get; init; }
    public required string Acknowledge { get; init; }
    public required string AcknowledgedByYou { get; init; }
    public required string Gone { get; init; }
    public required string LegacyLink { get; init; }
    public required string LegacyTitle { get; init; }
    public required string LegacyIntro { get; init; }
    public required string Pupil { get; init; }
    public required string ChooseChannel { get; init; }
    public required Func<string, string> Logged { get; init; }
    public required string NoPupils { get; init; }
    public required Func<AbsenceReason, string> ReasonName { get; init; }
    public required Func<AbsenceChannel, string> ChannelName { get; init; }
    public required Func<StaffRole, string> RoleName { get; init; }

    public static readonly AbsenceText Bokmal = new()
    {
        MenuGuardian = "Fravær",
        MenuStaff = "Fraværsinnboks",
        ListTitle = "Fravær",
        ReportLink = "Meld fravær",
        NoNotices = "Du har ikke meldt fravær ennå.",
        Reported = "Fraværet er meldt. Skolen og SFO ser meldingen med en gang.",
        Withdraw = "Trekk meldingen",
        WithdrawnNotice = "Meldingen er trukket.",
        Withdrawn = "Trukket",
        Late = "Meldt etter fristen",
        NotReceived = "Ikke lest ennå",
        ReceivedBy = (who, when) => $"Mottatt av {who}, {when}",
        ReceiptsHeading = "Kvitteringer",
        ReportTitle = "Meld fravær",
        ReportIntro = "Meldingen går til skolen og SFO samtidig.",
        Child = "Barn",
        NoChildren = "Vi finner ingen barn du kan melde fravær for. Kontakt skolen hvis dette er feil.",
        Duration = "Hvor lenge?",
        WholeDays = "Hele dagen eller flere dager",
        PartOfDay = "En del av dagen",
        FirstDate = "Fra og med dato",
        LastDate = "Til og med dato",
        FromTime = "Fra klokken",
        ToTime = "Til klokken",
        Recipients = "Hvem skal få meldingen?",
        School = "Skolen",
        Sfo = "SFO",
        Reason = "Årsak",
        Note = "Merknad (valgfritt)",
        NoteWarning = "Ikke skriv helseopplysninger eller diagnoser her. Årsaken over er nok.",
        NoteLimit = max => $"Høyst {max} tegn.",
        Submit = "Send fraværsmelding",
        ErrorHeading = "Meldingen ble ikke sendt",
        InvalidDate = "Datoen er ikke gyldig.",
        InvalidTime = "Klokkeslettet er ikke gyldig.",
        ChildNotFound = "Vi fant ikke barnet.",
        InboxTitle = "Fraværsinnboks",
        InboxIntro = "Dagens og kommende fraværsmeldinger for elevene dine. Nye meldinger vises her uten at du laster siden på nytt.",
        InboxEmpty = "Ingen fraværsmeldinger for i dag eller senere.",
        Acknowledge = "Kvitter",
        AcknowledgedByYou = "Kvittert av deg",
        Gone = "Meldingen finnes ikke lenger eller er trukket.",
        LegacyLink = "Registrer fravær meldt på telefon, lapp, e-post eller SMS",
        LegacyTitle = "Registrer fravær",
        LegacyIntro = "Velg elev, og trykk på hvordan meldingen kom. Fraværet registreres for hele dagen i dag, til skolen (og SFO for elever i SFO).",
        Pupil = "Elev",
        ChooseChannel = "Hvordan kom meldingen?",
        Logged = name => $"Fravær registrert for {name}.",
        NoPupils = "Du har ingen elever å registrere fravær for.",
        ReasonName = reason => reason switch
        {
            AbsenceReason.Illness => "Sykdom",
            AbsenceReason.MedicalAppointment => "Time hos lege, tannlege o.l.",
            AbsenceReason.Welfare => "Velferd (familiehendelse o.l.)",
            AbsenceReason.Leave => "Permisjon",
            _ => "Annet",
        },
        ChannelName = channel => channel switch
        {
            AbsenceChannel.Digital => "Meldebok",
            AbsenceChannel.Phone => "Telefon",
            AbsenceChannel.PaperMessageBook => "Papirmeldebok",
            AbsenceChannel.Email => "E-post",
            AbsenceChannel.SmsPrivatePhone => "SMS til privat telefon",
            AbsenceChannel.SmsOffice => "SMS til kontoret",
            _ => "Lapp via kontoret",
        },
        RoleName = role => role switch
        {
            StaffRole.Teacher => "lærer",
            StaffRole.ContactTeacher => "kontaktlærer",
            StaffRole.Office => "kontoret",
            StaffRole.SfoStaff => "SFO",
            StaffRole.SfoLeader => "SFO-leder",
            _ => "rektor",
        },
    };

    public static readonly AbsenceText English = new()
    {
        MenuGuardian = "Absence",
        MenuStaff = "Absence inbox",
        ListTitle = "Absence",
        ReportLink = "Report absence",
        NoNotices = "You have not reported any absence yet.",
        Reported = "The absence is reported. The school and the SFO see it at once.",
        Withdraw = "Withdraw the notice",
        WithdrawnNotice = "The notice is withdrawn.",
        Withdrawn = "Withdrawn",
        Late = "Reported after the deadline",
        NotReceived = "Not read yet",
        ReceivedBy = (who, when) => $"Received by {who}, {when}",
        ReceiptsHeading = "Receipts",
        ReportTitle = "Report absence",
        ReportIntro = "The notice goes to the school and the SFO at the same time.",
        Child = "Child",
        NoChildren = "We find no children you can report absence for. Contact the school if this is wrong.",
        Duration = "How long?",
        WholeDays = "The whole day or several days",
        PartOfDay = "Part of the day",
        FirstDate = "From date",
        LastDate = "To date (inclusive)",
        FromTime = "From",
        ToTime = "To",
        Recipients = "Who should get the notice?",
        School = "The school",
        Sfo = "SFO",
        Reason = "Reason",
        Note = "Note (optional)",
        NoteWarning = "Do not write health details or diagnoses here. The reason above is enough.",
        NoteLimit = max => $"At most {max} characters.",
        Submit = "Send absence notice",
        ErrorHeading = "The notice was not sent",
        InvalidDate = "The date is not valid.",
        InvalidTime = "The time is not valid.",
        ChildNotFound = "We could not find the child.",
        InboxTitle = "Absence inbox",
        InboxIntro = "Today's and upcoming absence notices for your pupils. New notices appear here without reloading the page.",
        InboxEmpty = "No absence notices for today or later.",
        Acknowledge = "Acknowledge",
        AcknowledgedByYou = "Acknowledged by you",
        Gone = "The notice no longer exists or has been withdrawn.",
        LegacyLink = "Log an absence reported by phone, note, e-mail or SMS",
        LegacyTitle = "Log absence",
        LegacyIntro = "Choose the pupil, then tap how the message came. The absence is logged for the whole day today, to the school (and the SFO for pupils at SFO).",
        Pupil = "Pupil",
        ChooseChannel = "How did the message come?",
        Logged = name => $"Absence logged for {name}.",
        NoPupils = "You have no pupils to log absence for.",
        ReasonName = reason => reason switch
        {
            AbsenceReason.Illness => "Illness",
            AbsenceReason.MedicalAppointment => "Doctor's or dentist's appointment",
            AbsenceReason.Welfare => "Welfare (family event etc.)",
            AbsenceReason.Leave => "Leave",
            _ => "Other",
        },
        ChannelName = channel => channel switch
        {
            AbsenceChannel.Digital => "Meldebok",
            AbsenceChannel.Phone => "Phone",
            AbsenceChannel.PaperMessageBook => "Paper message book",
            AbsenceChannel.Email => "E-mail",
            AbsenceChannel.SmsPrivatePhone => "SMS to a private phone",
            AbsenceChannel.SmsOffice => "SMS to the office",
            _ => "Note via the office",
        },
        RoleName = role => role switch
        {
            StaffRole.Teacher => "teacher",
            StaffRole.ContactTeacher => "contact teacher",
            StaffRole.Office => "the office",
            StaffRole.SfoStaff => "SFO",
            StaffRole.SfoLeader => "SFO leader",
            _ => "principal",
        },
    };
}
