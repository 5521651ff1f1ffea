using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Roster;

namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The class-list pages' texts in this language.</summary>
    public ClassListText ClassLists => LanguageCode == English.LanguageCode ? ClassListText.English : ClassListText.Bokmal;
}

/// <summary>Texts of the class-list pages: the guardian's lists, the staff list and its printable page.</summary>
internal sealed class ClassListText
{
    public required string MenuGuardian { get; init; }
    public required string MenuStaff { get; init; }
    public required string GuardianTitle { get; init; }
    public required string GuardianIntro { get; init; }
    public required string ContactsExplained { get; init; }
    public required string Child { get; init; }
    public required string Show { get; init; }
    public required string NoChildren { get; init; }
    public required string NoGroups { get; init; }
    public required string NoPupils { get; init; }
    public required Func<GroupKind, string> KindName { get; init; }
    public required string StaffTitle { get; init; }
    public required string StaffIntro { get; init; }
    public required string Group { get; init; }
    public required string NoStaffGroups { get; init; }
    public required string Name { get; init; }
    public required string BirthDate { get; init; }
    public required string PhotoConsent { get; init; }
    public required Func<PhotoConsentState, string> PhotoConsentName { get; init; }
    public required string Guardians { get; init; }
    public required string ContactsHidden { get; init; }
    public required string ProtectedAddress { get; init; }
    public required string Export { get; init; }
    public required string Print { get; init; }
    public required string PrintNow { get; init; }
    public required Func<string, string, string> PrintTitle { get; init; }
    public required string Back { get; init; }
    public required string MenuSfo { get; init; }
    public required string SfoTitle { get; init; }
    public required string SfoIntro { get; init; }
    public required string SfoUnit { get; init; }
    public required string NoSfoUnits { get; init; }

    public static readonly ClassListText Bokmal = new()
    {
        MenuGuardian = "Klasseliste",
        MenuStaff = "Klasselister",
        GuardianTitle = "Klasseliste",
        GuardianIntro = "Her ser du elevene i barnets klasse, basisgruppe og SFO-gruppe.",
        ContactsExplained = "Kontaktinformasjon vises bare for foresatte som selv har samtykket til å dele den i klasselisten. " +
            "Du gir eller trekker ditt eget samtykke under Samtykker. Elever med skjermet adresse vises ikke.",
        Child = "Barn",
        Show = "Vis",
        NoChildren = "Du har ingen barn registrert i Meldebok.",
        NoGroups = "Barnet er ikke med i noen grupper.",
        NoPupils = "Ingen elever å vise.",
        KindName = kind => kind switch
        {
            GroupKind.Class => "Klasse",
            GroupKind.BasisGroup => "Basisgruppe",
            _ => "SFO-gruppe",
        },
        StaffTitle = "Klasselister",
        StaffIntro = "Fullstendige klasselister for gruppene dine, med fotosamtykke og foresattes kontaktinformasjon.",
        Group = "Gruppe",
        NoStaffGroups = "Du har ingen grupper.",
        Name = "Navn",
        BirthDate = "Fødselsdato",
        PhotoConsent = "Fotosamtykke",
        PhotoConsentName = state => state switch
        {
            PhotoConsentState.Given => "Samtykket",
            PhotoConsentState.Refused => "Ikke samtykket",
            PhotoConsentState.Pending => "Venter på svar",
            _ => "Ikke spurt",
        },
        Guardians = "Foresatte",
        ContactsHidden = "Skjermet",
        ProtectedAddress = "skjermet adresse",
        Export = "Last ned som CSV",
        Print = "Skriv ut",
        PrintNow = "Skriv ut med nettleserens utskrift (Ctrl+P).",
        PrintTitle = (group, school) => $"Klasseliste {group}, {school}",
        Back = "Tilbake til klasselistene",
        MenuSfo = "SFO-klasseliste",
        SfoTitle = "Klasseliste for SFO",
        SfoIntro = "Alle barn som har plass på SFO i dag, med fotosamtykke og foresattes kontaktinformasjon.",
        SfoUnit = "SFO",
        NoSfoUnits = "Du jobber ikke på noen SFO.",
    };

    public static readonly ClassListText English = new()
    {
        MenuGuardian = "Class list",
        MenuStaff = "Class lists",
        GuardianTitle = "Class list",
        GuardianIntro = "The pupils in your child's class, basis group and SFO group.",
        ContactsExplained = "Contact details show only for guardians who have themselves consented to share them in the class list. " +
            "You give or withdraw your own consent under Consents. Pupils with a protected address are not shown.",
        Child = "Child",
        Show = "Show",
        NoChildren = "You have no children registered in Meldebok.",
        NoGroups = "The child is not in any group.",
        NoPupils = "No pupils to show.",
        KindName = kind => kind switch
        {
            GroupKind.Class => "Class",
            GroupKind.BasisGroup => "Basis group",
            _ => "SFO group",
        },
        StaffTitle = "Class lists",
        StaffIntro = "Full class lists of your groups, with photo consent and guardians' contact details.",
        Group = "Group",
        NoStaffGroups = "You have no groups.",
        Name = "Name",
        BirthDate = "Date of birth",
        PhotoConsent = "Photo consent",
        PhotoConsentName = state => state switch
        {
            PhotoConsentState.Given => "Consented",
            PhotoConsentState.Refused => "Not consented",
            PhotoConsentState.Pending => "Awaiting answers",
            _ => "Not asked",
        },
        Guardians = "Guardians",
        ContactsHidden = "Protected",
        ProtectedAddress = "protected address",
        Export = "Download as CSV",
        Print = "Print",
        PrintNow = "Print with the browser's print command (Ctrl+P).",
        PrintTitle = (group, school) => $"Class list {group}, {school}",
        Back = "Back to the class lists",
        MenuSfo = "SFO class list",
        SfoTitle = "SFO class list",
        SfoIntro = "Every child with a place at the SFO today, with photo consent and guardians' contact details.",
        SfoUnit = "SFO",
        NoSfoUnits = "You do not work at an SFO.",
    };
}
