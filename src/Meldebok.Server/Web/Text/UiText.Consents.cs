using Meldebok.Server.Features.Consents;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The consent pages' texts in this language.</summary>
    public ConsentText Consents => LanguageCode == English.LanguageCode ? ConsentText.English : ConsentText.Bokmal;
}

/// <summary>Texts of the consent pages: the guardian's answers, the staff list, a request's status and a new request.</summary>
internal sealed class ConsentText
{
    public required string Menu { get; init; }
    public required string Title { get; init; }
    public required string GuardianIntro { get; init; }
    public required string StaffIntro { get; init; }
    public required string None { get; init; }
    public required Func<string, string> AskedBy { get; init; }
    public required Func<DateTimeOffset, string> Deadline { get; init; }
    public required string Closed { get; init; }
    public required Func<ConsentKind, string> KindName { get; init; }
    public required Func<ConsentRule, string> RuleName { get; init; }
    public required Func<ConsentStatus, string> StatusName { get; init; }
    public required Func<ConsentChoice?, string> AnswerName { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string Withdraw { get; init; }
    public required string Answered { get; init; }
    public required string CannotAnswer { get; init; }
    public required string OtherGuardians { get; init; }
    public required string ErrorHeading { get; init; }
    public required Func<int, int, int, string> Counts { get; init; }
    public required string Pupil { get; init; }
    public required string Status { get; init; }
    public required string Guardians { get; init; }
    public required string Remind { get; init; }
    public required Func<int, string> Reminded { get; init; }
    public required string New { get; init; }
    public required string NoGroups { get; init; }
    public required string TitleLabel { get; init; }
    public required string DescriptionLabel { get; init; }
    public required string KindLabel { get; init; }
    public required string RuleLabel { get; init; }
    public required string DeadlineLabel { get; init; }
    public required string EventDateLabel { get; init; }
    public required string ValidFromLabel { get; init; }
    public required string ValidUntilLabel { get; init; }
    public required string Create { get; init; }
    public required string NotFound { get; init; }
    public required string PurposeLabel { get; init; }
    public required Func<ConsentPurpose, string> PurposeName { get; init; }
    public required string ExportEvidence { get; init; }
    public required string AllRequests { get; init; }
    public required Func<string, string> ClosedEarly { get; init; }
    public required Func<string, DateTimeOffset, string, string> ClosedEarlyBy { get; init; }
    public required string CloseHeading { get; init; }
    public required string CloseReasonLabel { get; init; }
    public required string CloseReasonHint { get; init; }
    public required string Close { get; init; }
    public required string CloseFailed { get; init; }

    public static readonly ConsentText Bokmal = new()
    {
        Menu = "Samtykker",
        Title = "Samtykker",
        GuardianIntro = "Skolen og SFO ber om samtykke til turer, bilder og annet. Svar for hvert barn; du ser også hva den andre foresatte har svart.",
        StaffIntro = "Be foresatte om samtykke og følg med på hvem som har svart.",
        None = "Ingen samtykker ennå.",
        AskedBy = name => $"Spurt av {name}",
        Deadline = deadline => $"Svarfrist {deadline:d.M.yyyy HH:mm}",
        Closed = "Svarfristen er ute.",
        KindName = kind => kind == ConsentKind.OneTime ? "Engangssamtykke" : "Varig samtykke",
        RuleName = rule => rule == ConsentRule.AnyGuardian ? "Én foresatt holder" : "Alle med foreldreansvar må samtykke",
        StatusName = status => status switch
        {
            ConsentStatus.Given => "Samtykket",
            ConsentStatus.Refused => "Ikke samtykket",
            _ => "Venter på svar",
        },
        AnswerName = answer => answer switch
        {
            ConsentChoice.Yes => "Ja",
            ConsentChoice.No => "Nei",
            ConsentChoice.Withdrawn => "Trukket tilbake",
            _ => "Ikke svart",
        },
        Yes = "Ja, jeg samtykker",
        No = "Nei",
        Withdraw = "Trekk tilbake samtykket",
        Answered = "Svaret er lagret.",
        CannotAnswer = "Du har ikke foreldreansvar for barnet og kan ikke svare.",
        OtherGuardians = "Andre foresatte",
        ErrorHeading = "Svaret ble ikke lagret",
        Counts = (given, refused, pending) => $"{given} samtykket, {refused} ikke samtykket, {pending} venter",
        Pupil = "Elev",
        Status = "Status",
        Guardians = "Foresattes svar",
        Remind = "Send påminnelse til dem som ikke har svart",
        Reminded = count => $"Påminnelse sendt til {count} foresatte.",
        New = "Be om samtykke",
        NoGroups = "Du har ingen grupper, SFO eller skoler å spørre.",
        TitleLabel = "Tittel",
        DescriptionLabel = "Beskrivelse",
        KindLabel = "Type",
        RuleLabel = "Regel",
        DeadlineLabel = "Svarfrist",
        EventDateLabel = "Dato for hendelsen (engangssamtykke)",
        ValidFromLabel = "Gyldig fra (varig samtykke)",
        ValidUntilLabel = "Gyldig til (varig samtykke)",
        Create = "Send forespørsel",
        NotFound = "Fant ikke forespørselen.",
        PurposeLabel = "Formål",
        PurposeName = purpose => purpose switch
        {
            ConsentPurpose.ContactSharing => "Dele egen kontaktinformasjon i klasselisten (varig)",
            ConsentPurpose.PhotoPublication => "Publisering av bilder (varig)",
            _ => "Generelt",
        },
        ExportEvidence = "Last ned dokumentasjon (CSV)",
        AllRequests = "Alle samtykker",
        ClosedEarly = reason => $"Forespørselen er avsluttet før svarfristen: {reason}",
        ClosedEarlyBy = (name, at, reason) => $"Avsluttet før svarfristen {at:d.M.yyyy HH:mm} av {name}: {reason}",
        CloseHeading = "Avslutt før svarfristen",
        CloseReasonLabel = "Begrunnelse",
        CloseReasonHint = "Vises for foresatte og i dokumentasjonen. Etterpå kan ingen svare, og det sendes ingen påminnelser.",
        Close = "Avslutt forespørselen",
        CloseFailed = "Forespørselen ble ikke avsluttet",
    };

    public static readonly ConsentText English = new()
    {
        Menu = "Consents",
        Title = "Consents",
        GuardianIntro = "The school and SFO ask for consent to trips, photos and more. Answer for each child; you also see what the other guardian answered.",
        StaffIntro = "Ask guardians for consent and follow who has answered.",
        None = "No consents yet.",
        AskedBy = name => $"Asked by {name}",
        Deadline = deadline => $"Answer by {deadline:d.M.yyyy HH:mm}",
        Closed = "The deadline has passed.",
        KindName = kind => kind == ConsentKind.OneTime ? "One-time consent" : "Standing consent",
        RuleName = rule => rule == ConsentRule.AnyGuardian ? "One guardian suffices" : "All with parental responsibility must agree",
        StatusName = status => status switch
        {
            ConsentStatus.Given => "Consented",
            ConsentStatus.Refused => "Not consented",
            _ => "Awaiting answers",
        },
        AnswerName = answer => answer switch
        {
            ConsentChoice.Yes => "Yes",
            ConsentChoice.No => "No",
            ConsentChoice.Withdrawn => "Withdrawn",
            _ => "Not answered",
        },
        Yes = "Yes, I consent",
        No = "No",
        Withdraw = "Withdraw my consent",
        Answered = "Your answer is saved.",
        CannotAnswer = "You do not have parental responsibility for the child and cannot answer.",
        OtherGuardians = "Other guardians",
        ErrorHeading = "The answer was not saved",
        Counts = (given, refused, pending) => $"{given} consented, {refused} not consented, {pending} awaiting",
        Pupil = "Pupil",
        Status = "Status",
        Guardians = "Guardians' answers",
        Remind = "Remind those who have not answered",
        Reminded = count => $"Reminder sent to {count} guardians.",
        New = "Ask for consent",
        NoGroups = "You have no groups, SFO units or schools to ask.",
        TitleLabel = "Title",
        DescriptionLabel = "Description",
        KindLabel = "Kind",
        RuleLabel = "Rule",
        DeadlineLabel = "Deadline",
        EventDateLabel = "Date of the event (one-time consent)",
        ValidFromLabel = "Valid from (standing consent)",
        ValidUntilLabel = "Valid until (standing consent)",
        Create = "Send request",
        NotFound = "The request was not found.",
        PurposeLabel = "Purpose",
        PurposeName = purpose => purpose switch
        {
            ConsentPurpose.ContactSharing => "Share own contact details in the class list (standing)",
            ConsentPurpose.PhotoPublication => "Photo publication (standing)",
            _ => "General",
        },
        ExportEvidence = "Download evidence (CSV)",
        AllRequests = "All consents",
        ClosedEarly = reason => $"The request was closed before its deadline: {reason}",
        ClosedEarlyBy = (name, at, reason) => $"Closed before the deadline {at:d.M.yyyy HH:mm} by {name}: {reason}",
        CloseHeading = "Close before the deadline",
        CloseReasonLabel = "Reason",
        CloseReasonHint = "Shown to guardians and in the evidence. Afterwards nobody can answer, and no reminders are sent.",
        Close = "Close the request",
        CloseFailed = "The request was not closed",
    };
}
