namespace Meldebok.Server.Web.Text;

internal sealed partial class UiText
{
    /// <summary>The SFO day's pages' texts in this language.</summary>
    public SfoText Sfo => LanguageCode == English.LanguageCode ? SfoText.English : SfoText.Bokmal;
}

/// <summary>Texts of the SFO board, the teacher's handover page and the guardian's SFO page.</summary>
internal sealed class SfoText
{
    public required string MenuBoard { get; init; }
    public required string MenuHandover { get; init; }
    public required string MenuGuardian { get; init; }
    public required string BoardTitle { get; init; }
    public required string ChooseUnit { get; init; }
    public required string NoUnits { get; init; }
    public required Func<string, string> BoardHeading { get; init; }
    public required string Expected { get; init; }
    public required string HereNow { get; init; }
    public required string Gone { get; init; }
    public required string HandedOver { get; init; }
    public required string MissingHeading { get; init; }
    public required Func<string, string> MissingAlert { get; init; }
    public required string CheckIn { get; init; }
    public required string CheckOut { get; init; }
    public required string Undo { get; init; }
    public required string Method { get; init; }
    public required Func<Features.Sfo.DepartureMethod, string> MethodName { get; init; }
    public required string PickedUpBy { get; init; }
    public required Func<string, string> MayPickUp { get; init; }
    public required string ConfirmUnlisted { get; init; }
    public required Func<TimeOnly, TimeOnly, string> AbsentBetween { get; init; }
    public required string Nobody { get; init; }
    public required string ErrorHeading { get; init; }
    public required string HandoverTitle { get; init; }
    public required string HandoverIntro { get; init; }
    public required string Group { get; init; }
    public required string ShowGroup { get; init; }
    public required string NoGroups { get; init; }
    public required string NobodyExpected { get; init; }
    public required string HandOver { get; init; }
    public required Func<string, string> HandedOverAt { get; init; }
    public required Func<int, string> HandedOverCount { get; init; }
    public required string WithoutPlaceHeading { get; init; }
    public required string WithoutPlaceIntro { get; init; }
    public required string Pupil { get; init; }
    public required string ChoosePupil { get; init; }
    public required string Reason { get; init; }
    public required string CheckInWithoutPlace { get; init; }
    public required Func<string, string> WithoutPlace { get; init; }
    public required string GuardianTitle { get; init; }
    public required string GuardianIntro { get; init; }
    public required string NoChildren { get; init; }

    public static readonly SfoText Bokmal = new()
    {
        MenuBoard = "SFO-tavle",
        MenuHandover = "Overlevering",
        MenuGuardian = "SFO i dag",
        BoardTitle = "SFO-tavle",
        ChooseUnit = "Velg SFO",
        NoUnits = "Du arbeider ikke ved noen SFO.",
        BoardHeading = unit => $"{unit} i dag",
        Expected = "Forventet",
        HereNow = "Her nå",
        Gone = "Gått hjem",
        HandedOver = "Overlevert",
        MissingHeading = "Savnet",
        MissingAlert = name => $"{name} er overlevert fra skolen, men verken sjekket inn eller meldt fraværende.",
        CheckIn = "Sjekk inn",
        CheckOut = "Sjekk ut",
        Undo = "Angre",
        Method = "Hvordan",
        MethodName = method => method switch
        {
            Features.Sfo.DepartureMethod.PickedUp => "Hentet",
            Features.Sfo.DepartureMethod.WentHomeAlone => "Gikk hjem selv",
            Features.Sfo.DepartureMethod.Bus => "Buss",
            _ => "Aktivitet",
        },
        PickedUpBy = "Hentet av",
        MayPickUp = persons => $"Kan hentes av: {persons}",
        ConfirmUnlisted = "Jeg bekrefter henting av en person som ikke står på hentelisten",
        AbsentBetween = (from, to) => $"Borte {from:HH\\:mm}–{to:HH\\:mm}",
        Nobody = "Ingen.",
        ErrorHeading = "Det gikk ikke",
        HandoverTitle = "Overlevering til SFO",
        HandoverIntro = "Kryss av elevene som går til SFO nå, og overlever dem. SFO ser det med en gang.",
        Group = "Gruppe",
        ShowGroup = "Vis gruppen",
        NoGroups = "Du har ingen grupper å overlevere fra.",
        NobodyExpected = "Ingen elever i gruppen skal på SFO i dag.",
        HandOver = "Overlever til SFO",
        HandedOverAt = time => $"overlevert {time}",
        HandedOverCount = count => count == 1 ? "1 elev er overlevert." : $"{count} elever er overlevert.",
        WithoutPlaceHeading = "Sjekk inn et barn uten plass i dag",
        WithoutPlaceIntro = "For en elev ved skolen som ikke har SFO-plass i dag. Skriv hvorfor barnet er her; grunnen lagres.",
        Pupil = "Elev",
        ChoosePupil = "Velg elev",
        Reason = "Grunn",
        CheckInWithoutPlace = "Sjekk inn uten plass",
        WithoutPlace = reason => $"Uten plass: {reason}",
        GuardianTitle = "SFO i dag",
        GuardianIntro = "Her ser du når barnet kom til SFO og når og hvordan det dro. Siden oppdateres av seg selv.",
        NoChildren = "Du har ingen barn registrert.",
    };

    public static readonly SfoText English = new()
    {
        MenuBoard = "SFO board",
        MenuHandover = "Handover",
        MenuGuardian = "SFO today",
        BoardTitle = "SFO board",
        ChooseUnit = "Choose SFO",
        NoUnits = "You do not work at any SFO.",
        BoardHeading = unit => $"{unit} today",
        Expected = "Expected",
        HereNow = "Here now",
        Gone = "Gone home",
        HandedOver = "Handed over",
        MissingHeading = "Missing",
        MissingAlert = name => $"{name} was handed over by the school but is neither checked in nor reported absent.",
        CheckIn = "Check in",
        CheckOut = "Check out",
        Undo = "Undo",
        Method = "How",
        MethodName = method => method switch
        {
            Features.Sfo.DepartureMethod.PickedUp => "Picked up",
            Features.Sfo.DepartureMethod.WentHomeAlone => "Went home alone",
            Features.Sfo.DepartureMethod.Bus => "Bus",
            _ => "Activity",
        },
        PickedUpBy = "Picked up by",
        MayPickUp = persons => $"May be picked up by: {persons}",
        ConfirmUnlisted = "I confirm a pickup by a person not on the pickup list",
        AbsentBetween = (from, to) => $"Away {from:HH\\:mm}–{to:HH\\:mm}",
        Nobody = "Nobody.",
        ErrorHeading = "That did not work",
        HandoverTitle = "Handover to SFO",
        HandoverIntro = "Tick the pupils going to SFO now and hand them over. SFO sees it at once.",
        Group = "Group",
        ShowGroup = "Show the group",
        NoGroups = "You have no groups to hand over from.",
        NobodyExpected = "No pupil of the group goes to SFO today.",
        HandOver = "Hand over to SFO",
        HandedOverAt = time => $"handed over {time}",
        HandedOverCount = count => count == 1 ? "1 pupil handed over." : $"{count} pupils handed over.",
        WithoutPlaceHeading = "Check in a child without a place today",
        WithoutPlaceIntro = "For a pupil of the school who has no SFO place today. Say why the child is here; the reason is recorded.",
        Pupil = "Pupil",
        ChoosePupil = "Choose a pupil",
        Reason = "Reason",
        CheckInWithoutPlace = "Check in without a place",
        WithoutPlace = reason => $"No place: {reason}",
        GuardianTitle = "SFO today",
        GuardianIntro = "When your child arrived at SFO, and when and how the child left. The page updates by itself.",
        NoChildren = "You have no children registered.",
    };
}
